#include "sipcore/core/digestauthentication.h"

#include "sipcore/syntax/challengeview.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/util/random.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

namespace sipcore {

namespace {

/// value as a quoted-string (§25.1): '"' and '\' escaped.
std::string quoted(std::string_view value)
{
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

int strength(DigestChallenge::Algorithm algorithm)
{
    switch (algorithm) {
    case DigestChallenge::Algorithm::Md5:
        return 0;
    case DigestChallenge::Algorithm::Sha256:
        return 1;
    case DigestChallenge::Algorithm::Sha512_256:
        return 2;
    }
    return 0;
}

} // namespace

Result<DigestChallenge> DigestChallenge::parse(std::string_view value, bool proxy)
{
    auto view = ChallengeView::parse(value, true);
    if (!view.ok() || !lexical::equalsIgnoringCase(view->scheme, "Digest"))
        return SyntaxError::BadHeaderValue;
    const ParametersView &parameters = view->parameters;
    DigestChallenge challenge;
    challenge.proxy = proxy;
    const auto realm = parameters.get("realm");
    const auto nonce = parameters.get("nonce");
    if (!realm || !nonce)
        return SyntaxError::BadHeaderValue;
    challenge.realm = lexical::unquoted(*realm);
    challenge.nonce = lexical::unquoted(*nonce);
    if (const auto opaque = parameters.get("opaque"))
        challenge.opaque = lexical::unquoted(*opaque);
    if (const auto stale = parameters.get("stale"))
        challenge.stale = lexical::equalsIgnoringCase(lexical::unquoted(*stale), "true");

    std::string algorithm = lexical::unquoted(parameters.get("algorithm").value_or("MD5"));
    if (algorithm.size() > 5
        && lexical::equalsIgnoringCase(std::string_view(algorithm).substr(algorithm.size() - 5),
                                       "-sess")) {
        challenge.session = true;
        algorithm.resize(algorithm.size() - 5);
    }
    if (lexical::equalsIgnoringCase(algorithm, "MD5"))
        challenge.algorithm = Algorithm::Md5;
    else if (lexical::equalsIgnoringCase(algorithm, "SHA-256"))
        challenge.algorithm = Algorithm::Sha256;
    else if (lexical::equalsIgnoringCase(algorithm, "SHA-512-256"))
        challenge.algorithm = Algorithm::Sha512_256;
    else
        return SyntaxError::BadHeaderValue;

    if (const auto qop = parameters.get("qop")) {
        // A quoted, comma-separated list of tokens (RFC 7616 §3.3).
        const std::string list = lexical::unquoted(*qop);
        std::size_t start = 0;
        while (start <= list.size()) {
            std::size_t comma = list.find(',', start);
            if (comma == std::string::npos)
                comma = list.size();
            const std::string_view option
                    = lexical::trim(std::string_view(list).substr(start, comma - start));
            challenge.qopAuth = challenge.qopAuth || lexical::equalsIgnoringCase(option, "auth");
            challenge.qopAuthInt
                    = challenge.qopAuthInt || lexical::equalsIgnoringCase(option, "auth-int");
            start = comma + 1;
        }
        if (!challenge.qopAuth && !challenge.qopAuthInt)
            return SyntaxError::BadHeaderValue;
    }
    return challenge;
}

std::optional<DigestChallenge> DigestChallenge::strongest(const Response &response)
{
    std::optional<DigestChallenge> best;
    for (const bool proxy : {false, true}) {
        for (std::string_view value :
             response.headerValues(proxy ? "Proxy-Authenticate" : "WWW-Authenticate")) {
            auto challenge = parse(value, proxy);
            if (challenge.ok()
                && (!best || strength(challenge->algorithm) > strength(best->algorithm)))
                best = std::move(*challenge);
        }
    }
    return best;
}

std::string Credentials::identityOf(const Uri &aor)
{
    return aor.user + '@' + lexical::lowered(aor.host);
}

std::string DigestChallenge::algorithmName() const
{
    std::string name;
    switch (algorithm) {
    case Algorithm::Md5:
        name = "MD5";
        break;
    case Algorithm::Sha256:
        name = "SHA-256";
        break;
    case Algorithm::Sha512_256:
        name = "SHA-512-256";
        break;
    }
    return session ? name + "-sess" : name;
}

DigestAuthentication::DigestAuthentication(Credentials credentials, DigestChallenge challenge)
    : m_credentials(std::move(credentials))
    , m_challenge(std::move(challenge))
{}

std::string_view DigestAuthentication::headerName() const
{
    return m_challenge.proxy ? "Proxy-Authorization" : "Authorization";
}

std::string DigestAuthentication::hash(DigestChallenge::Algorithm algorithm, std::string_view text)
{
    const EVP_MD *md = nullptr;
    switch (algorithm) {
    case DigestChallenge::Algorithm::Md5:
        md = EVP_md5();
        break;
    case DigestChallenge::Algorithm::Sha256:
        md = EVP_sha256();
        break;
    case DigestChallenge::Algorithm::Sha512_256:
        md = EVP_sha512_256();
        break;
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (!md || EVP_Digest(text.data(), text.size(), digest.data(), &size, md, nullptr) != 1)
        return {};
    static constexpr char Hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out += Hex[digest[i] >> 4];
        out += Hex[digest[i] & 0x0f];
    }
    return out;
}

std::string DigestAuthentication::authorize(std::string_view method,
                                            std::string_view uri,
                                            std::string_view body)
{
    return authorize(method, uri, body, random::token(16));
}

std::string DigestAuthentication::authorize(std::string_view method,
                                            std::string_view uri,
                                            std::string_view body,
                                            std::string_view cnonce)
{
    const DigestChallenge &c = m_challenge;
    const auto h = [&c](std::string_view text) {
        return hash(c.algorithm, text);
    };
    const bool withQop = c.qopAuth || c.qopAuthInt;
    const bool integrity = !c.qopAuth && c.qopAuthInt;
    ++m_nonceCount;
    std::array<char, 9> nc{};
    std::snprintf(nc.data(), nc.size(), "%08x", m_nonceCount);

    // RFC 7616 §3.4.2 and §3.4.3.
    std::string a1 = m_credentials.username + ':' + c.realm + ':' + m_credentials.password;
    std::string ha1 = h(a1);
    if (c.session)
        ha1 = h(ha1 + ':' + c.nonce + ':' + std::string(cnonce));
    std::string a2 = std::string(method) + ':' + std::string(uri);
    if (integrity)
        a2 += ':' + h(body);
    const std::string ha2 = h(a2);
    const std::string qop = integrity ? "auth-int" : "auth";
    const std::string response = withQop ? h(ha1 + ':' + c.nonce + ':' + nc.data() + ':'
                                             + std::string(cnonce) + ':' + qop + ':' + ha2)
                                         : h(ha1 + ':' + c.nonce + ':' + ha2);

    std::string value = "Digest username=" + quoted(m_credentials.username) + ", realm="
                        + quoted(c.realm) + ", nonce=" + quoted(c.nonce) + ", uri=" + quoted(uri)
                        + ", response=" + quoted(response) + ", algorithm=" + c.algorithmName();
    if (withQop)
        value += ", cnonce=" + quoted(cnonce) + ", qop=" + qop + ", nc=" + nc.data();
    if (c.opaque)
        value += ", opaque=" + quoted(*c.opaque);
    return value;
}

} // namespace sipcore
