#pragma once

#include <string_view>

namespace sipcore {

/// The long form of a compact header name ("v" → "Via", "i" → "Call-ID", …, RFC 3261 §7.3.3
/// and the IANA registry); other names are returned unchanged.
std::string_view expandCompactHeaderName(std::string_view name);
/// Header names compare case-insensitively and compact forms equal their long forms.
bool headerNameEquals(std::string_view a, std::string_view b);
/// ASCII case-insensitive comparison.
bool equalsIgnoreCase(std::string_view a, std::string_view b);
/// True when text is a non-empty RFC 3261 token (§25.1): the shape of header names, methods,
/// transports and parameter names.
bool isToken(std::string_view text);

} // namespace sipcore
