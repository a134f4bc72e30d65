#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sipcore {

/// Base64 of RFC 4648 §4 (the alphabet with "+/" and "=" padding), as SDP's a=crypto key
/// parameters use it (RFC 4568 §6.1).
namespace base64 {

std::string encode(std::string_view octets);
/// The octets \a text encodes; nullopt when it has a character outside the alphabet, a length
/// that is not a multiple of four, or padding anywhere but at the end. Padding may be left
/// out (RFC 4568 keys are often written without it).
std::optional<std::string> decode(std::string_view text);

} // namespace base64
} // namespace sipcore
