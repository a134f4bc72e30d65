#pragma once

// Test support: a MediaEndpoint that offers a fixed port, codecs and SRTP key, and records
// what the session tells it. Header-only.

#include "sipcore/session/mediaendpoint.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sipcore::test {

struct RecordingMediaEndpoint final : MediaEndpoint
{
    sdp::LocalMedia localMedia() override
    {
        return sdp::LocalMedia{
                .address = "127.0.0.1",
                .port = 41000,
                .codecs = {sdp::MediaFormat{0, "PCMU", 8000}, sdp::MediaFormat{8, "PCMA", 8000}},
                .crypto
                = {sdp::CryptoAttribute{1, "AES_CM_128_HMAC_SHA1_80", std::string(30, 'k')}}};
    }
    void apply(const std::optional<sdp::NegotiatedAudio> &audio) override
    {
        applied.push_back(audio);
    }
    void close() override { ++closed; }
    void requestStatistics(std::function<void(const MediaStatistics &)> done) override
    {
        done(MediaStatistics{});
    }
    bool sendDtmf(char digit) override
    {
        if (carriesDtmf)
            digitsSent += digit;
        return carriesDtmf;
    }
    void setDtmfHandler(std::function<void(char digit)> handler) override
    {
        dtmfHandler = std::move(handler);
    }

    /// Every apply(), in order.
    std::vector<std::optional<sdp::NegotiatedAudio>> applied;
    int closed = 0;
    /// Whether sendDtmf() takes digits (into digitsSent) or leaves them to SIP INFO.
    bool carriesDtmf = false;
    std::string digitsSent;
    /// What the session gave setDtmfHandler(): call it to play a digit from the peer.
    std::function<void(char digit)> dtmfHandler;
};

} // namespace sipcore::test
