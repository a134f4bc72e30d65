#pragma once

#include <cstdint>
#include <string>

namespace sipcore {

/// Identifiers from the operating system's CSPRNG (getrandom), so they cannot be guessed.
namespace random {

/// \a count octets (SRTP master keys, RTP SSRCs and starting points).
std::string bytes(std::size_t count);
/// \a length characters from [0-9a-z].
std::string token(std::size_t length);
/// A Via branch with the RFC 3261 magic cookie: "z9hG4bK" + 16 random characters.
std::string newBranch();
/// A From/To tag (RFC 3261 §19.3: at least 32 bits of randomness).
std::string newTag();
/// A Call-ID (RFC 3261 §8.1.1.4), globally unique without naming the host.
std::string newCallId();
/// A number drawn evenly from [\a low, \a high], for back-offs and jitter: not a secret, so
/// from a fast generator seeded once per thread.
std::uint32_t between(std::uint32_t low, std::uint32_t high);

} // namespace random
} // namespace sipcore
