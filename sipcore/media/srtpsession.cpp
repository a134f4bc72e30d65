#include "sipcore/media/srtpsession.h"

#include "sipcore/util/random.h"

#include <srtp2/srtp.h>

#include <algorithm>
#include <array>
#include <climits>

namespace sipcore::media {

namespace {

static_assert(SrtpSession::MaxTrailer >= SRTP_MAX_TRAILER_LEN + 4); // + SRTCP's E and index

struct Suite
{
    std::string_view name;
    std::size_t keyLength;
    void (*rtp)(srtp_crypto_policy_t *);
    void (*rtcp)(srtp_crypto_policy_t *);
};

// RFC 4568 §6.2 and RFC 6188 §7.1: the _32 suites shorten only SRTP's tag; SRTCP keeps 80.
constexpr std::array<Suite, 3> Suites{{
        {"AES_256_CM_HMAC_SHA1_80", SRTP_AES_ICM_256_KEY_LEN_WSALT,
         srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80,
         srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80},
        // libsrtp's default policy is AES_CM_128_HMAC_SHA1_80 (a macro names it so).
        {"AES_CM_128_HMAC_SHA1_80", SRTP_AES_ICM_128_KEY_LEN_WSALT,
         srtp_crypto_policy_set_rtp_default, srtp_crypto_policy_set_rtp_default},
        {"AES_CM_128_HMAC_SHA1_32", SRTP_AES_ICM_128_KEY_LEN_WSALT,
         srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32, srtp_crypto_policy_set_rtp_default},
}};

const Suite *findSuite(std::string_view name)
{
    const auto it = std::find_if(Suites.begin(), Suites.end(),
                                 [&](const Suite &suite) { return suite.name == name; });
    return it == Suites.end() ? nullptr : &*it;
}

bool initialized()
{
    static const bool ok = srtp_init() == srtp_err_status_ok;
    return ok;
}

/// Runs \a operation on the first \a size octets of \a buffer; the new size, 0 on failure.
template<class Operation>
std::size_t apply(Operation operation,
                  srtp_t context,
                  std::span<std::uint8_t> buffer,
                  std::size_t size,
                  std::size_t room)
{
    if (size == 0 || size + room > buffer.size() || buffer.size() > INT_MAX)
        return 0;
    int length = static_cast<int>(size);
    if (operation(context, buffer.data(), &length) != srtp_err_status_ok || length <= 0)
        return 0;
    return static_cast<std::size_t>(length);
}

} // namespace

const std::vector<std::string> &SrtpSession::suites()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const Suite &suite : Suites)
            out.emplace_back(suite.name);
        return out;
    }();
    return names;
}

std::vector<sdp::CryptoAttribute> SrtpSession::freshKeys()
{
    std::vector<sdp::CryptoAttribute> keys;
    unsigned tag = 1;
    for (const Suite &suite : Suites)
        keys.push_back({tag++, std::string(suite.name), random::bytes(suite.keyLength)});
    return keys;
}

std::size_t SrtpSession::keyLength(std::string_view suite)
{
    const Suite *found = findSuite(suite);
    return found ? found->keyLength : 0;
}

std::unique_ptr<SrtpSession>
SrtpSession::make(std::string_view suite, std::string_view keySalt, Direction direction)
{
    const Suite *found = findSuite(suite);
    if (!found || keySalt.size() != found->keyLength || !initialized())
        return nullptr;
    std::array<unsigned char, SRTP_MAX_KEY_LEN> key{};
    std::copy(keySalt.begin(), keySalt.end(), key.begin());
    srtp_policy_t policy{};
    found->rtp(&policy.rtp);
    found->rtcp(&policy.rtcp);
    policy.ssrc.type = direction == Direction::Outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key.data();
    policy.window_size = 0; // libsrtp's default replay window (128 packets)
    policy.allow_repeat_tx = 0;
    srtp_t context = nullptr;
    const srtp_err_status_t status = srtp_create(&context, &policy);
    key.fill(0);
    if (status != srtp_err_status_ok)
        return nullptr;
    return std::unique_ptr<SrtpSession>(new SrtpSession(context));
}

SrtpSession::~SrtpSession()
{
    srtp_dealloc(m_context);
}

std::size_t SrtpSession::protectRtp(std::span<std::uint8_t> buffer, std::size_t size)
{
    return apply(srtp_protect, m_context, buffer, size, MaxTrailer);
}

std::size_t SrtpSession::protectRtcp(std::span<std::uint8_t> buffer, std::size_t size)
{
    return apply(srtp_protect_rtcp, m_context, buffer, size, MaxTrailer);
}

std::size_t SrtpSession::unprotectRtp(std::span<std::uint8_t> packet)
{
    return apply(srtp_unprotect, m_context, packet, packet.size(), 0);
}

std::size_t SrtpSession::unprotectRtcp(std::span<std::uint8_t> packet)
{
    return apply(srtp_unprotect_rtcp, m_context, packet, packet.size(), 0);
}

} // namespace sipcore::media
