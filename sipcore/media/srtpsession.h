#pragma once

#include "sipcore/sdp/cryptoattribute.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct srtp_ctx_t_;

namespace sipcore::media {

/// One direction of a call's SRTP and SRTCP (RFC 3711), through libsrtp2: protects what we
/// send, or authenticates and decrypts what we receive. Any SSRC is taken: each gets its own
/// keystream and replay window from the one master key, so an SSRC change needs no new
/// session. Keys come from SDES (RFC 4568) and are never logged.
///
/// Not thread-safe: one thread (the media thread) uses a session.
class SrtpSession
{
public:
    enum class Direction { Outbound, Inbound };

    /// Room a caller leaves after a packet for what protecting it adds (tag, SRTCP index).
    static constexpr std::size_t MaxTrailer = 148;

    /// The suites we can use, the one we prefer first.
    static const std::vector<std::string> &suites();
    /// Octets of master key and salt \a suite takes; 0 for a suite we do not have.
    static std::size_t keyLength(std::string_view suite);
    /// A fresh random key (the operating system's CSPRNG) for each of suites(), as a=crypto
    /// lines tagged from 1 in that order: what one call offers.
    static std::vector<sdp::CryptoAttribute> freshKeys();
    /// A session for \a suite with \a keySalt (master key then master salt); nullptr when we
    /// do not have the suite, the key is the wrong length, or libsrtp refuses it.
    static std::unique_ptr<SrtpSession>
    make(std::string_view suite, std::string_view keySalt, Direction direction);

    ~SrtpSession();
    SrtpSession(const SrtpSession &) = delete;
    SrtpSession &operator=(const SrtpSession &) = delete;

    /// Protects the RTP packet in the first \a size octets of \a buffer in place (Outbound);
    /// \a buffer must hold MaxTrailer more. The protected size, or 0 when it failed.
    std::size_t protectRtp(std::span<std::uint8_t> buffer, std::size_t size);
    /// The same for a compound RTCP packet.
    std::size_t protectRtcp(std::span<std::uint8_t> buffer, std::size_t size);
    /// Authenticates and decrypts the SRTP packet \a packet in place (Inbound). The plain
    /// size, or 0 for a packet that fails authentication, is a replay, or is malformed.
    std::size_t unprotectRtp(std::span<std::uint8_t> packet);
    /// The same for an SRTCP packet.
    std::size_t unprotectRtcp(std::span<std::uint8_t> packet);

private:
    explicit SrtpSession(srtp_ctx_t_ *context)
        : m_context(context)
    {}

    srtp_ctx_t_ *m_context;
};

} // namespace sipcore::media
