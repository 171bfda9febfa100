"""Drop-in compatibility modules for other agent guards: ``predicate_secure`` and ``agent_execution_guard``."""
