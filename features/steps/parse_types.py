"""Typed placeholders for the step patterns (behave's default "parse" matcher).

They keep patterns from swallowing each other: a Name never contains white space or quotes, a Clock is HH:MM.
Importing this module registers them; registering twice is harmless.
"""

from behave import register_type


def with_pattern(pattern):
    """Gives a converter the regular expression the parse matcher uses for it (what parse.with_pattern does)."""

    def decorate(function):
        function.pattern = pattern
        return function

    return decorate


@with_pattern(r"[^\s\"']+")
def parse_name(text):
    """A person's or salon's display name without spaces: 小美, 王小姐, 隔壁美甲."""
    return text


@with_pattern(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
def parse_clock(text):
    """A wall-clock time in the salon's zone, HH:MM."""
    return text


@with_pattern(r"[a-z_]+")
def parse_code(text):
    """A problem code: overlap, not_found, …"""
    return text


@with_pattern(r"[A-Za-z_]+/[A-Za-z_]+")
def parse_zone(text):
    """An IANA time zone: Asia/Taipei."""
    return text


@with_pattern(r"booking|hold")
def parse_thing(text):
    """What stands in the way of an overlap."""
    return text


register_type(Name=parse_name, Clock=parse_clock, Code=parse_code, Zone=parse_zone, Thing=parse_thing)
