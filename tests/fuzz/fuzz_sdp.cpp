// libFuzzer target: SessionDescription::parse on arbitrary bytes, whose output must parse again
// to the same text; and the same bytes as a peer's offer and as a peer's answer to our offer,
// where whatever OfferAnswer accepts must leave it with a description that parses.
#include "sipcore/sdp/offeranswer.h"
#include "sipcore/sdp/sessiondescription.h"

#include <cstdint>
#include <cstdlib>

namespace {

using namespace sipcore::sdp;

LocalMedia localMedia()
{
    return LocalMedia{.address = "127.0.0.1",
                      .port = 40000,
                      .codecs = {MediaFormat{96, "opus", 48000, 2, "useinbandfec=1"},
                                 MediaFormat{9, "G722", 8000, 1}, MediaFormat{0, "PCMU", 8000, 1}},
                      .srtp = SrtpMode::Optional, // a=crypto lines read, offered and answered
                      .crypto
                      = {CryptoAttribute{1, "AES_CM_128_HMAC_SHA1_80", std::string(30, 'k')},
                         CryptoAttribute{2, "AES_CM_128_HMAC_SHA1_32", std::string(30, 'q')}}};
}

void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    if (auto description = SessionDescription::parse(input)) {
        const std::string text = description->toString();
        auto again = SessionDescription::parse(text);
        require(again && again->toString() == text);
    }

    OfferAnswer answerer(localMedia(), "1");
    if (!answerer.setRemoteOffer(input)) {
        auto answer = answerer.createAnswer(Direction::SendRecv);
        require(answer && static_cast<bool>(SessionDescription::parse(*answer)));
        require(answerer.state() == OfferAnswer::State::Stable);
    }

    OfferAnswer offerer(localMedia(), "2");
    offerer.createOffer(Direction::SendRecv);
    if (!offerer.setRemoteAnswer(input)) {
        require(offerer.state() == OfferAnswer::State::Stable);
        // A re-offer after any accepted answer is still a description.
        require(static_cast<bool>(
                SessionDescription::parse(offerer.createOffer(Direction::SendOnly))));
    }
    return 0;
}
