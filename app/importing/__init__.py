"""Importing issues from the trackers where change requests live (issue 26): Jira Cloud and
Server CSV, Azure DevOps CSV, ServiceNow change_request CSV and spreadsheets; the mapping;
the import as one use case; and the decisions written back as a file the tracker imports."""
