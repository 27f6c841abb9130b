// Retry-After parsing by hand: no strptime/locale (the runtime may live in a program that
// calls setlocale), no timegm/TZ dependence.
#include "retry_after.hpp"

#include <array>
#include <cstdint>

namespace otelrt::internal {
namespace {

constexpr std::chrono::milliseconds kInvalid{-1};

bool digits(std::string_view text, std::size_t count, int& out) {
  if (text.size() < count) return false;
  out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

int index_of(std::string_view name, const std::array<std::string_view, 12>& names,
             std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  auto year_of_era = static_cast<unsigned>(year - era * 400);
  unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT", exactly 29 characters.
bool parse_imf_fixdate(std::string_view text, std::int64_t& unix_seconds) {
  static constexpr std::array<std::string_view, 12> kDays = {"Mon", "Tue", "Wed", "Thu",
                                                             "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return false;
  }
  if (index_of(text.substr(0, 3), kDays, 7) < 0) return false;
  int month = index_of(text.substr(8, 3), kMonths, 12) + 1;
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (month == 0 || !digits(text.substr(5), 2, day) || !digits(text.substr(12), 4, year) ||
      !digits(text.substr(17), 2, hour) || !digits(text.substr(20), 2, minute) ||
      !digits(text.substr(23), 2, second)) {
    return false;
  }
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int month_days = kMonthDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
  if (day < 1 || day > month_days || hour > 23 || minute > 59 || second > 60) return false;
  unix_seconds =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
      hour * 3600 + minute * 60 + second;
  return true;
}

}  // namespace

std::chrono::milliseconds parse_retry_after(std::string_view value,
                                            std::chrono::system_clock::time_point now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  if (value.empty()) return kInvalid;
  if (value.front() >= '0' && value.front() <= '9') {
    if (value.size() > 9) return kInvalid;  // beyond any export deadline anyway
    int seconds = 0;
    if (!digits(value, value.size(), seconds)) return kInvalid;
    return std::chrono::seconds(seconds);
  }
  std::int64_t unix_seconds = 0;
  if (!parse_imf_fixdate(value, unix_seconds)) return kInvalid;
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds)) - now);
  return delay.count() > 0 ? delay : kInvalid;
}

}  // namespace otelrt::internal
