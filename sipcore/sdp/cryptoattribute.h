#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sipcore::sdp {

/// One a=crypto line (RFC 4568 §9.1) with the one inline key SRTP uses:
/// "<tag> <crypto-suite> inline:<base64 key||salt>[|<lifetime>]".
///
/// The key is a secret: it is kept decoded here and written only into the description itself;
/// nothing may log it.
struct CryptoAttribute
{
    unsigned tag = 1;
    std::string suite;   ///< e.g. AES_CM_128_HMAC_SHA1_80
    std::string keySalt; ///< the master key then the master salt, raw octets
    /// The key's lifetime as written ("2^31"); empty when not given. Kept, not enforced: a
    /// call ends long before any suite's limit.
    std::string lifetime = {};

    /// Reads the value of an a=crypto attribute. nullopt for one that is malformed, and for
    /// one that asks for what we do not do: more than one key, a master key identifier (MKI),
    /// a key method other than inline, or a session parameter other than the window size
    /// hint WSH (UNENCRYPTED_SRTP and the like change what SRTP protects; §6.3 says to refuse
    /// the line then).
    static std::optional<CryptoAttribute> parse(std::string_view value);
    /// The attribute's value, for "a=crypto:" + toString().
    std::string toString() const;

    bool operator==(const CryptoAttribute &) const = default;
};

} // namespace sipcore::sdp
