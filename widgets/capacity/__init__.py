"""Each team's load against its capacity per release."""
