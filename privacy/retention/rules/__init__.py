"""The retention rules, one module per area of the portal (privacy.retention.schedule collects them)."""
