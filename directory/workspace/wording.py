"""Plain-English wording for the support plan: times, dates and sessions.

A plan is printed, downloaded, emailed and shared, and read days later, so it never says
"Today" or "Tomorrow": every date is absolute, with the year ("Tuesday 8 December 2026").
Times are written as the rest of the site writes them, on the 24-hour clock ("19:00").
"""


def time_words(value):
    """10:00 -> "10:00", 19:00 -> "19:00", 9:05 -> "09:05": the site's 24-hour clock."""
    return f"{value:%H:%M}"


def date_words(value):
    """"Tuesday 3 March 2026": the full date, always with the year."""
    return f"{value:%A} {value.day} {value:%B} {value.year}"


def session_words(start):
    """One session start in words: "Tuesday 8 December 2026 at 19:00"."""
    return f"{date_words(start.date())} at {time_words(start.time())}"


def list_words(words):
    """["a", "b", "c"] -> "a, b and c"."""
    words = [word for word in words if word]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
