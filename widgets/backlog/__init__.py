"""The backlog: CRs not scheduled to any release."""
