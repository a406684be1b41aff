"""Vietnamese lunar calendar (âm lịch) → Gregorian dates, for Tết and Giỗ Tổ Hùng Vương.

The Vietnamese calendar is computed for the meridian of UTC+7; the Chinese one (UTC+8), which
general-purpose lunar libraries implement, differs from it in some years (Tết 1985, 2007's
month starts …), so the algorithm is the published astronomical one of Hồ Ngọc Đức
("Âm lịch Việt Nam", new moons and solar terms after Jean Meeus, *Astronomical Algorithms*),
transcribed here with ``time_zone=7``. Checked in tests against the Tết and Giỗ Tổ dates of
the official schedules 2020–2026.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

TZ = 7.0
_DR = math.pi / 180


def jd_from_date(d: int, m: int, y: int) -> int:
    a = (14 - m) // 12
    yy = y + 4800 - a
    mm = m + 12 * a - 3
    jd = d + (153 * mm + 2) // 5 + 365 * yy + yy // 4 - yy // 100 + yy // 400 - 32045
    if jd < 2299161:
        jd = d + (153 * mm + 2) // 5 + 365 * yy + yy // 4 - 32083
    return jd


def jd_to_date(jd: int) -> dt.date:
    if jd > 2299160:
        a = jd + 32044
        b = (4 * a + 3) // 146097
        c = a - (b * 146097) // 4
    else:
        b, c = 0, jd + 32082
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    return dt.date(b * 100 + d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1)


def _new_moon(k: int) -> float:
    """Julian day of the k-th new moon after 1/1/1900 (Meeus, ch. 49, simplified)."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _DR)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * _DR) + 0.0021 * math.sin(2 * _DR * m)
    c1 += -0.4068 * math.sin(mpr * _DR) + 0.0161 * math.sin(_DR * 2 * mpr) - 0.0004 * math.sin(_DR * 3 * mpr)
    c1 += 0.0104 * math.sin(_DR * 2 * f) - 0.0051 * math.sin(_DR * (m + mpr))
    c1 += -0.0074 * math.sin(_DR * (m - mpr)) + 0.0004 * math.sin(_DR * (2 * f + m))
    c1 += -0.0004 * math.sin(_DR * (2 * f - m)) - 0.0006 * math.sin(_DR * (2 * f + mpr))
    c1 += 0.0010 * math.sin(_DR * (2 * f - mpr)) + 0.0005 * math.sin(_DR * (2 * mpr + m))
    if t < -11:
        delta = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta


def _new_moon_day(k: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + TZ / 24)


def _sun_longitude_sector(jdn: float) -> int:
    """Which of the 12 30° sectors the sun's longitude is in (0 = 0°–30°)."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(_DR * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(_DR * 2 * m) + 0.000290 * math.sin(_DR * 3 * m)
    lon = (l0 + dl) * _DR
    lon -= math.pi * 2 * math.floor(lon / (math.pi * 2))
    return math.floor(lon / math.pi * 6)


def _sun_sector_of_day(day: int) -> int:
    return _sun_longitude_sector(day - 0.5 - TZ / 24)


@lru_cache(maxsize=256)
def _month11(year: int) -> int:
    """Julian day of the first day of the 11th lunar month of ``year`` (the winter-solstice month)."""
    off = jd_from_date(31, 12, year) - 2415021
    k = math.floor(off / 29.530588853)
    nm = _new_moon_day(k)
    if _sun_sector_of_day(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


def _leap_month_offset(a11: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_sector_of_day(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_sector_of_day(_new_moon_day(k + i))
        if not (arc != last and i < 14):
            break
    return i - 1


def to_solar(day: int, month: int, year: int, leap: bool = False) -> dt.date | None:
    """The Gregorian date of lunar ``day/month/year`` (None for a leap month that year lacks)."""
    if month < 11:
        a11, b11 = _month11(year - 1), _month11(year)
    else:
        a11, b11 = _month11(year), _month11(year + 1)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and month != leap_month:
            return None
        if leap or off >= leap_off:
            off += 1
    return jd_to_date(_new_moon_day(k + off) + day - 1)


def tet(year: int) -> dt.date:
    """Mùng 1 Tết Nguyên đán of the lunar year that starts in Gregorian ``year``."""
    return to_solar(1, 1, year)


def gio_to(year: int) -> dt.date:
    """Giỗ Tổ Hùng Vương, 10/3 âm lịch."""
    return to_solar(10, 3, year)
