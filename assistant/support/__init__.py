"""Support-agent mode: orders, policy passages, escalation, drafted replies, hand-over summaries.

The engine builds one ``SupportDesk`` (``assistant.support.desk``) and calls ``run`` with a
``SupportRequest`` for the support intents; ``assistant.support.report`` writes the shop
insight report over logged conversations. Heavy modules are imported where they are used.
"""
