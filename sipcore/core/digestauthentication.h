#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipcore {

/// What a user authenticates with (one account's secret). Never logged.
struct Credentials
{
    std::string username;
    std::string password;
    std::string realm; ///< the realm these answer; empty: any realm
    /// The identity (identityOf() of an address of record) whose requests these answer for:
    /// a request's From says whose it is. Empty: anybody's.
    std::string identity = {};

    /// "user@host" of \a aor, the host in lower case: what identity compares with.
    static std::string identityOf(const Uri &aor);
};

/// A Digest challenge read from WWW-Authenticate or Proxy-Authenticate (RFC 7616 §3.3, RFC 8760).
struct DigestChallenge
{
    enum class Algorithm { Md5, Sha256, Sha512_256 };

    bool proxy = false; ///< Proxy-Authenticate (407): answered with Proxy-Authorization
    std::string realm;
    std::string nonce;
    std::optional<std::string> opaque; ///< returned as given when present
    Algorithm algorithm = Algorithm::Md5;
    bool session = false;    ///< the "-sess" variant
    bool stale = false;      ///< the nonce expired, the credentials were right (§3.3)
    bool qopAuth = false;    ///< qop offers "auth"
    bool qopAuthInt = false; ///< qop offers "auth-int"

    /// Reads one header value. BadHeaderValue when it is not a Digest challenge with a realm
    /// and a nonce, or names an algorithm or only qop values we do not support.
    static Result<DigestChallenge> parse(std::string_view value, bool proxy);
    /// The strongest challenge we support (SHA-512-256, then SHA-256, then MD5) among every
    /// WWW-Authenticate and Proxy-Authenticate of \a response; nothing when there is none.
    static std::optional<DigestChallenge> strongest(const Response &response);
    /// "MD5", "SHA-256-sess", …
    std::string algorithmName() const;
};

/// Digest access authentication against one challenge (RFC 7616, RFC 8760; SIP.js's
/// DigestAuthentication): computes the credentials of each request, reusing the nonce with an
/// incremented nonce count (nc) until the server asks for another, so a refresh costs no extra
/// round trip. qop=auth-int is chosen only when it is the only qop offered (it hashes the
/// body); without qop the RFC 2069 form is used. Neither the password nor any hash is logged.
class DigestAuthentication
{
public:
    DigestAuthentication(Credentials credentials, DigestChallenge challenge);

    const DigestChallenge &challenge() const { return m_challenge; }
    const Credentials &credentials() const { return m_credentials; }
    /// The nonce count the last authorize() used (0 before the first).
    std::uint32_t nonceCount() const { return m_nonceCount; }
    /// The header that carries the credentials: "Authorization" or "Proxy-Authorization".
    std::string_view headerName() const;

    /// The credentials for a request with \a method, Request-URI \a uri and \a body: a
    /// header value for headerName(). Each call counts one more use of the nonce.
    std::string authorize(std::string_view method, std::string_view uri, std::string_view body);
    /// Same, with a given client nonce (for test vectors); \a cnonce is otherwise random.
    std::string authorize(std::string_view method,
                          std::string_view uri,
                          std::string_view body,
                          std::string_view cnonce);

    /// Lowercase hexadecimal digest of \a text with \a algorithm.
    static std::string hash(DigestChallenge::Algorithm algorithm, std::string_view text);

private:
    Credentials m_credentials;
    DigestChallenge m_challenge;
    std::uint32_t m_nonceCount = 0;
};

} // namespace sipcore
