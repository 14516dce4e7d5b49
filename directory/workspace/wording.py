"""Plain-English wording for the support plan: times, dates and sessions (NHS.UK style).

NHS.UK style writes times as "10am", "2:30pm", "midday" and dates as "Tuesday 3 March".
"""
import datetime


def time_words(value):
    """10:00 -> "10am", 14:30 -> "2:30pm", 12:00 -> "midday", 00:00 -> "midnight"."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def date_words(value, today=None):
    """"Tuesday 3 March", with the year only when it is not this year."""
    text = f"{value:%A} {value.day} {value:%B}"
    if today is not None and value.year != today.year:
        text += f" {value.year}"
    return text


def session_words(start, today):
    """One session start in words: "Today at 10am", "Tomorrow at 2:30pm",
    "Tuesday 3 March at 10am"."""
    day = start.date()
    if day == today:
        when = "Today"
    elif day == today + datetime.timedelta(days=1):
        when = "Tomorrow"
    else:
        when = date_words(day, today)
    return f"{when} at {time_words(start.time())}"


def list_words(words):
    """["a", "b", "c"] -> "a, b and c"."""
    words = [word for word in words if word]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
