#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipcore {

/// The headers part of a SIP URI (RFC 3261 §19.1.1, §25.1: "?hname=hvalue&…", Uri::headers):
/// how a Refer-To carries the Replaces of the INVITE it asks for (RFC 3891 §4).
namespace uriheaders {

/// The value of the first header named \a name (compared as header names are: case-insensitive,
/// compact forms expanded) in \a headers, with its %XX escapes decoded; nullopt when there is
/// none.
std::optional<std::string> find(std::string_view headers, std::string_view name);

/// Every header in \a headers as name and value, in order, with their %XX escapes decoded;
/// a part without '=' is left out.
std::vector<std::pair<std::string, std::string>> all(std::string_view headers);

/// \a value with every octet an hvalue may not hold unescaped (anything but unreserved and
/// hnv-unreserved "[]/?:+$") written as %XX, so "a;b=c@d" becomes "a%3Bb%3Dc%40d".
std::string escapeValue(std::string_view value);

} // namespace uriheaders
} // namespace sipcore
