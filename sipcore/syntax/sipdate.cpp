#include "sipcore/syntax/sipdate.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <array>

namespace sipcore {

namespace {

using namespace lexical;

constexpr std::array<std::string_view, 7> Weekdays
        = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> Months
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

template<std::size_t N>
int indexOf(const std::array<std::string_view, N> &names, std::string_view text)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text)
            return static_cast<int>(i);
    }
    return -1;
}

bool twoDigits(std::string_view text, std::size_t at, std::uint8_t &out, int max)
{
    if (at + 2 > text.size() || !isDigit(text[at]) || !isDigit(text[at + 1]))
        return false;
    const int value = (text[at] - '0') * 10 + (text[at + 1] - '0');
    out = static_cast<std::uint8_t>(value);
    return value <= max;
}

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

} // namespace

Result<SipDate> SipDate::parse(std::string_view text)
{
    SipDate out;
    if (const auto error = read(text, out))
        return error;
    return out;
}

std::error_code SipDate::read(std::string_view text, SipDate &out)
{
    // wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"
    text = trim(text);
    constexpr std::string_view Shape = "Www, DD Mmm YYYY hh:mm:ss GMT";
    if (text.size() != Shape.size() || text.substr(3, 2) != ", " || text[7] != ' '
        || text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':'
        || text.substr(25) != " GMT")
        return SyntaxError::BadHeaderValue;
    SipDate &date = out;
    const int weekday = indexOf(Weekdays, text.substr(0, 3));
    const int month = indexOf(Months, text.substr(8, 3));
    std::uint32_t year = 0;
    if (weekday < 0 || month < 0 || !parseNumber(text.substr(12, 4), year)
        || !twoDigits(text, 5, date.day, 31) || !twoDigits(text, 17, date.hour, 23)
        || !twoDigits(text, 20, date.minute, 59) || !twoDigits(text, 23, date.second, 60))
        return SyntaxError::BadHeaderValue;
    date.weekday = static_cast<std::uint8_t>(weekday);
    date.month = static_cast<std::uint8_t>(month + 1);
    date.year = static_cast<std::uint16_t>(year);
    if (date.day == 0 || date.day > daysInMonth(date.year, date.month))
        return SyntaxError::BadHeaderValue;
    return NoError;
}

std::int64_t SipDate::toUnixTime() const
{
    // Days from the civil date (the proleptic Gregorian calendar), counted from 1970-01-01.
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yearOfEra = y - era * 400;
    const int monthIndex = month > 2 ? month - 3 : month + 9;
    const int dayOfYear = (153 * monthIndex + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + dayOfEra - 719468;
    return days * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace sipcore
