"""Who is signing in: usernames (one spelling per person), the second factor, and the limits
on sessions. Reads and rules only; the writes are in ``meetings.services.accounts``."""
