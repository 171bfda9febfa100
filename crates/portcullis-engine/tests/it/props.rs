//! Property tests of the operators, through whole policies (so the loader, the compiled
//! operands and the evaluator are all exercised).

use portcullis_engine::{DecideInput, Program};
use portcullis_policy::Policy;
use portcullis_types::{Action, Effect, SessionView};
use proptest::prelude::*;
use serde_json::{Value, json};

fn decide(rule_when: &str, value: &Value) -> (Effect, bool) {
    let text = format!(
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {{effect: allow}}\nrules:\n  - id: r\n    tool: t\n    when: {rule_when}\n    then: {{effect: deny}}\n"
    );
    let p = Program::compile(Policy::from_yaml(&text, "prop").unwrap());
    let mut args = serde_json::Map::new();
    args.insert("v".into(), value.clone());
    let d = p.decide(
        &Action::new("t", args),
        &SessionView::default(),
        &DecideInput::default(),
    );
    (d.decision, !d.errors.is_empty())
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        "[a-z0-9 ._/-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,3}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn string_operators_agree_with_std(s in "[a-z./ ]{0,16}", n in "[a-z./]{1,4}") {
        let v = Value::String(s.clone());
        let cases = [
            ("contains", s.contains(&n)),
            ("starts_with", s.starts_with(&n)),
            ("ends_with", s.ends_with(&n)),
            ("equals", s == n),
            ("not_equals", s != n),
        ];
        for (op, want) in cases {
            let (d, err) = decide(&format!("{{args.v: {{{op}: {}}}}}", yaml_str(&n)), &v);
            prop_assert!(!err);
            prop_assert_eq!(d == Effect::Deny, want, "{} {:?} {:?}", op, s, n);
        }
    }

    #[test]
    fn numeric_operators_agree_on_numbers_and_numeric_strings(x in -1e6f64..1e6, k in -1000i64..1000) {
        let kf = k as f64;
        for v in [json!(x), Value::String(format!("{x}"))] {
            for (op, want) in [("gt", x > kf), ("gte", x >= kf), ("lt", x < kf), ("lte", x <= kf)] {
                let (d, err) = decide(&format!("{{args.v: {{{op}: {k}}}}}"), &v);
                prop_assert!(!err, "{} on {}", op, v);
                prop_assert_eq!(d == Effect::Deny, want, "{} {} {}", op, v, k);
            }
        }
    }

    #[test]
    fn in_and_not_in_are_complements_for_present_scalars(s in "[a-c]{1,2}", list in prop::collection::vec("[a-c]{1,2}", 1..4)) {
        let items = list.iter().map(|i| yaml_str(i)).collect::<Vec<_>>().join(", ");
        let v = Value::String(s.clone());
        let (a, _) = decide(&format!("{{args.v: {{in: [{items}]}}}}"), &v);
        let (b, _) = decide(&format!("{{args.v: {{not_in: [{items}]}}}}"), &v);
        prop_assert_ne!(a, b);
        prop_assert_eq!(a == Effect::Deny, list.contains(&s));
    }

    #[test]
    fn any_value_any_operator_never_panics_and_never_silently_allows_a_mismatch(v in arb_json()) {
        for op in ["{gt: 5}", "{contains: x}", "{matches: 'a+'}", "{glob: '*.x'}", "{in: [1, a]}",
                   "{exists: true}", "{starts_with: a}", "{contains_any: [a, b]}", "{equals: 1}"] {
            let (d, err) = decide(&format!("{{args.v: {op}}}"), &v);
            // An error is always a deny (fail closed).
            if err {
                prop_assert_eq!(d, Effect::Deny);
            }
        }
    }

    #[test]
    fn not_inverts_except_on_errors(s in "[a-z]{0,6}") {
        let v = Value::String(s);
        let (a, ea) = decide("{args.v: {matches: '^[a-m]'}}", &v);
        let (b, eb) = decide("{not: {args.v: {matches: '^[a-m]'}}}", &v);
        prop_assert!(!ea && !eb);
        prop_assert_ne!(a, b);
    }
}
