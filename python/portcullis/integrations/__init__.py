"""Adapters for agent frameworks: ``langchain`` (LangChain tools) and ``openai_agents`` (OpenAI Agents SDK tool guardrails). Each imports its framework lazily."""
