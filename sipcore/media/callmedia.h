#pragma once

#include "sipcore/session/mediaendpoint.h"

#include <boost/asio/ip/udp.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sipcore::media {

class AudioStream;
class MediaEngine;

/// One call's MediaEndpoint on the media engine: binds an RTP port and the next one for RTCP
/// on the given address when made, draws a fresh SRTP key for each suite, runs an AudioStream
/// once offer/answer agrees, and releases both ports on close().
///
/// Threads: made and called on the core thread; the stream's work is posted to the engine.
class CallMedia final : public MediaEndpoint
{
public:
    CallMedia(MediaEngine &engine, std::string address);
    ~CallMedia() override;

    /// Whether the ports could be bound; an endpoint that could not has no media.
    bool isOpen() const { return m_stream != nullptr; }
    /// Core thread only: the stream (for statistics, read on the media thread).
    const std::shared_ptr<AudioStream> &stream() const { return m_stream; }

    sdp::LocalMedia localMedia() override;
    void apply(const std::optional<sdp::NegotiatedAudio> &audio) override;
    void close() override;
    void requestStatistics(std::function<void(const MediaStatistics &)> done) override;
    bool sendDtmf(char digit) override;
    void setDtmfHandler(std::function<void(char digit)> handler) override;

private:
    MediaEngine &m_engine;
    std::string m_address;
    std::uint16_t m_port = 0;
    std::shared_ptr<AudioStream> m_stream;
    bool m_closed = false;
    std::optional<sdp::NegotiatedAudio> m_audio; ///< as last applied
    std::vector<sdp::CryptoAttribute> m_crypto;  ///< our SRTP keys, one per suite
};

} // namespace sipcore::media
