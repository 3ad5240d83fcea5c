"""The plan's plain data: domain types, change sets, JSON values, errors."""
