#include "sipcore/sdp/offeranswer.h"

#include "sipcore/sdp/sdperror.h"

#include <algorithm>
#include <cassert>
#include <charconv>

namespace sipcore::sdp {

namespace {

constexpr std::string_view Avp = "RTP/AVP";
constexpr std::string_view Savp = "RTP/SAVP";

/// An audio stream in use over RTP, plain or secure.
bool usableAudio(const MediaDescription &stream)
{
    return stream.media == "audio" && stream.port != 0
           && (stream.proto == Avp || stream.proto == Savp);
}

bool isUnspecified(std::string_view address)
{
    return address == "0.0.0.0" || address == "::";
}

std::optional<unsigned> number(std::string_view text)
{
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc())
        return std::nullopt;
    (void)end; // "a=rtcp:<port> IN IP4 <address>" continues after the number
    return value;
}

const MediaFormat *findCodec(const std::vector<MediaFormat> &formats, const MediaFormat &codec)
{
    const auto it = std::find_if(formats.begin(), formats.end(),
                                 [&](const MediaFormat &f) { return f.sameCodec(codec); });
    return it == formats.end() ? nullptr : &*it;
}

std::string familyOf(std::string_view address)
{
    return address.find(':') == std::string_view::npos ? "IP4" : "IP6";
}

} // namespace

OfferAnswer::OfferAnswer(LocalMedia local, std::string sessionId)
    : m_local(std::move(local))
    , m_sessionId(std::move(sessionId))
{}

std::vector<MediaFormat> OfferAnswer::offeredFormats() const
{
    std::vector<MediaFormat> formats = m_local.codecs;
    if (!m_local.telephoneEvent)
        return formats;
    int next = 101;
    auto taken = [&](int payloadType) {
        return std::any_of(formats.begin(), formats.end(),
                           [&](const MediaFormat &f) { return f.payloadType == payloadType; });
    };
    std::vector<unsigned> rates;
    for (const MediaFormat &codec : m_local.codecs) {
        if (std::find(rates.begin(), rates.end(), codec.clockRate) == rates.end())
            rates.push_back(codec.clockRate);
    }
    for (unsigned rate : rates) {
        while (taken(next) && next < 127)
            ++next;
        formats.push_back(MediaFormat{next, "telephone-event", rate, 1, "0-16"});
    }
    return formats;
}

MediaDescription OfferAnswer::localStream(std::vector<MediaFormat> formats,
                                          Direction direction) const
{
    MediaDescription stream;
    stream.port = m_local.port;
    addFormats(stream, formats);
    stream.attributeLines.push_back(Attribute{"ptime", std::to_string(m_local.ptime)});
    setDirection(stream, direction);
    return stream;
}

std::string OfferAnswer::write(std::vector<MediaDescription> media)
{
    SessionDescription description;
    description.origin
            = Origin{"ringback", m_sessionId, 0, "IN", familyOf(m_local.address), m_local.address};
    description.sessionName = "Ringback";
    description.connection = Connection{"IN", familyOf(m_local.address), m_local.address};
    description.media = std::move(media);
    const std::string unversioned = description.toString();
    if (unversioned != m_lastWritten) {
        ++m_version;
        m_lastWritten = unversioned;
    }
    description.origin.sessionVersion = m_version;
    return description.toString();
}

std::string OfferAnswer::createOffer(Direction direction)
{
    assert(m_state != State::HaveRemoteOffer);
    if (m_state == State::Stable)
        m_previousOffer = m_offer;
    const bool srtp = m_local.srtp != SrtpMode::Off && !m_local.crypto.empty();
    m_offer = Offer{.formats = offeredFormats(),
                    .direction = direction,
                    .mux = m_local.rtcpMux,
                    .crypto = srtp ? m_local.crypto : std::vector<CryptoAttribute>(),
                    .srtpRequired = srtp && m_local.srtp == SrtpMode::Required};
    MediaDescription stream = localStream(m_offer.formats, direction);
    if (m_offer.srtpRequired)
        stream.proto = Savp;
    if (m_offer.mux)
        stream.attributeLines.push_back(Attribute{"rtcp-mux"});
    for (const CryptoAttribute &crypto : m_offer.crypto)
        stream.attributeLines.push_back(Attribute{"crypto", crypto.toString()});
    m_state = State::HaveLocalOffer;
    return write({std::move(stream)});
}

std::vector<MediaFormat> OfferAnswer::answerFormats(const MediaDescription &stream) const
{
    const std::vector<MediaFormat> offered = formatsOf(stream);
    std::vector<MediaFormat> formats;
    for (const MediaFormat &codec : m_local.codecs) {
        if (const MediaFormat *match = findCodec(offered, codec)) {
            MediaFormat format = codec;
            format.payloadType = match->payloadType; // §6.1: the offer's numbering
            formats.push_back(std::move(format));
        }
    }
    if (formats.empty() || !m_local.telephoneEvent)
        return formats;
    const unsigned rate = formats.front().clockRate;
    for (const MediaFormat &format : offered) {
        if (format.isTelephoneEvent() && format.clockRate == rate) {
            formats.push_back(format);
            break;
        }
    }
    return formats;
}

std::optional<std::pair<CryptoAttribute, SrtpParameters>>
OfferAnswer::answerCrypto(const MediaDescription &stream) const
{
    if (m_local.srtp == SrtpMode::Off)
        return std::nullopt;
    for (const std::string_view value : stream.attributes("crypto")) {
        const auto offered = CryptoAttribute::parse(value);
        if (!offered)
            continue;
        for (const CryptoAttribute &ours : m_local.crypto) {
            if (ours.suite != offered->suite || ours.keySalt.size() != offered->keySalt.size())
                continue;
            CryptoAttribute answer = ours;
            answer.tag = offered->tag; // §7.1.2: the answer names the line it takes
            answer.lifetime.clear();
            return std::pair{answer, SrtpParameters{ours.suite, ours.keySalt, offered->keySalt}};
        }
    }
    return std::nullopt;
}

std::error_code OfferAnswer::checkOffered(const MediaDescription &stream) const
{
    if (!usableAudio(stream) || answerFormats(stream).empty())
        return SdpError::NoCommonCodec;
    const bool needsCrypto = stream.proto == Savp || m_local.srtp == SrtpMode::Required;
    if (needsCrypto && !answerCrypto(stream))
        return SdpError::NoUsableCrypto;
    return {};
}

std::error_code OfferAnswer::setRemoteOffer(std::string_view sdp)
{
    if (m_state != State::Stable)
        return SdpError::OfferPending;
    auto offer = SessionDescription::parse(sdp);
    if (!offer)
        return offer.error();
    std::error_code refusal = SdpError::NoCommonCodec;
    for (const MediaDescription &stream : offer->media) {
        const std::error_code error = checkOffered(stream);
        if (!error) {
            refusal.clear();
            break;
        }
        if (error == SdpError::NoUsableCrypto)
            refusal = error; // the more telling reason: a codec was there
    }
    if (refusal)
        return refusal;
    m_remoteOffer = std::move(*offer);
    m_state = State::HaveRemoteOffer;
    return {};
}

Result<std::string> OfferAnswer::createAnswer(Direction wanted)
{
    if (m_state != State::HaveRemoteOffer || !m_remoteOffer)
        return SdpError::NoOfferToAnswer;
    const SessionDescription offer = std::move(*m_remoteOffer);
    m_remoteOffer.reset();
    std::vector<MediaDescription> answer;
    bool used = false;
    for (const MediaDescription &stream : offer.media) {
        if (used || checkOffered(stream)) {
            // §6: a refused stream keeps its line, with port 0 and one of its formats.
            MediaDescription refused;
            refused.media = stream.media;
            refused.proto = stream.proto;
            refused.formats = {stream.formats.empty() ? std::string("0") : stream.formats.front()};
            answer.push_back(std::move(refused));
            continue;
        }
        const Direction offered = streamDirection(offer, stream);
        const Direction ours = makeDirection(sends(wanted) && receives(offered),
                                             receives(wanted) && sends(offered));
        const bool mux = m_local.rtcpMux && stream.hasAttribute("rtcp-mux");
        const std::vector<MediaFormat> formats = answerFormats(stream);
        MediaDescription local = localStream(formats, ours);
        local.proto = stream.proto;
        if (mux)
            local.attributeLines.push_back(Attribute{"rtcp-mux"});
        auto crypto = answerCrypto(stream);
        if (crypto)
            local.attributeLines.push_back(Attribute{"crypto", crypto->first.toString()});
        agree(offer, stream, formats, ours, mux, true,
              crypto ? std::optional(std::move(crypto->second)) : std::nullopt);
        answer.push_back(std::move(local));
        used = true;
    }
    m_state = State::Stable;
    m_offer = Offer{};
    return write(std::move(answer));
}

std::error_code OfferAnswer::setRemoteAnswer(std::string_view sdp)
{
    if (m_state != State::HaveLocalOffer && !(m_state == State::Stable && m_offer.answered))
        return SdpError::UnexpectedAnswer;
    auto answer = SessionDescription::parse(sdp);
    if (!answer)
        return answer.error();
    if (answer->media.size() != 1 || answer->media.front().media != "audio")
        return SdpError::NotAnswerToOffer;
    const MediaDescription &stream = answer->media.front();
    if (stream.port == 0) {
        m_audio.reset(); // the peer refused our audio
        m_remoteDirection = Direction::Inactive;
    } else {
        const Direction answered = streamDirection(*answer, stream);
        const Direction ours = makeDirection(sends(m_offer.direction) && receives(answered),
                                             receives(m_offer.direction) && sends(answered));
        const bool mux = m_offer.mux && stream.hasAttribute("rtcp-mux");
        std::optional<SrtpParameters> srtp;
        const auto lines = stream.attributes("crypto");
        if (!m_offer.crypto.empty() && !lines.empty()) {
            // §7.1.3: the one line of the answer names the offered line it takes.
            const auto taken = CryptoAttribute::parse(lines.front());
            const auto offered = std::find_if(
                    m_offer.crypto.begin(), m_offer.crypto.end(), [&](const CryptoAttribute &c) {
                        return taken && c.tag == taken->tag && c.suite == taken->suite
                               && c.keySalt.size() == taken->keySalt.size();
                    });
            if (offered == m_offer.crypto.end())
                return SdpError::NotAnswerToOffer;
            srtp = SrtpParameters{offered->suite, offered->keySalt, taken->keySalt};
        }
        if (!srtp && (m_offer.srtpRequired || stream.proto == Savp))
            return SdpError::NoUsableCrypto;
        if (const std::error_code error
            = agree(*answer, stream, m_offer.formats, ours, mux, false, std::move(srtp)))
            return error;
    }
    m_state = State::Stable;
    m_offer.answered = true;
    return {};
}

void OfferAnswer::rollback()
{
    if (m_state != State::HaveLocalOffer)
        return;
    m_offer = m_previousOffer;
    m_state = State::Stable;
}

std::error_code OfferAnswer::agree(const SessionDescription &remote,
                                   const MediaDescription &remoteStream,
                                   const std::vector<MediaFormat> &localFormats,
                                   Direction ours,
                                   bool mux,
                                   bool answerIsLocal,
                                   std::optional<SrtpParameters> srtp)
{
    const std::vector<MediaFormat> remoteFormats = formatsOf(remoteStream);
    const std::vector<MediaFormat> &answer = answerIsLocal ? localFormats : remoteFormats;
    const std::vector<MediaFormat> &other = answerIsLocal ? remoteFormats : localFormats;
    NegotiatedAudio audio;
    bool found = false;
    for (const MediaFormat &format : answer) {
        if (format.isTelephoneEvent() || !findCodec(other, format))
            continue;
        audio.sendCodec = *findCodec(remoteFormats, format);
        found = true;
        break;
    }
    if (!found)
        return SdpError::NoCommonCodec;
    for (const MediaFormat &format : localFormats) {
        if (findCodec(remoteFormats, format))
            audio.receiveFormats.push_back(format);
    }
    for (const MediaFormat &format : remoteFormats) {
        if (format.isTelephoneEvent() && format.clockRate == audio.sendCodec.clockRate
            && findCodec(localFormats, format)) {
            audio.sendTelephoneEvent = format;
            break;
        }
    }
    const Connection *connection = remote.connectionFor(remoteStream);
    if (!connection)
        return SdpError::MissingConnection;
    audio.remoteAddress = connection->address.substr(0, connection->address.find('/'));
    audio.remoteRtpPort = remoteStream.port;
    audio.rtcpMux = mux;
    audio.remoteRtcpPort
            = mux ? remoteStream.port : static_cast<std::uint16_t>(remoteStream.port + 1);
    if (const auto rtcp = remoteStream.attribute("rtcp"); rtcp && !mux) {
        if (const auto port = number(rtcp->substr(0, rtcp->find(' '))); port && *port <= 65535)
            audio.remoteRtcpPort = static_cast<std::uint16_t>(*port);
    }
    if (const auto ptime = remoteStream.attribute("ptime")) {
        if (const auto value = number(*ptime);
            value && *value >= 10 && *value <= 60 && *value % 10 == 0)
            audio.sendPtime = *value;
    }
    m_remoteDirection = streamDirection(remote, remoteStream);
    if (isUnspecified(audio.remoteAddress))
        m_remoteDirection = Direction::Inactive; // RFC 2543 hold: nowhere to send to
    audio.direction = ours;
    audio.srtp = std::move(srtp);
    if (isUnspecified(audio.remoteAddress))
        audio.direction = makeDirection(false, receives(ours));
    m_audio = std::move(audio);
    return {};
}

} // namespace sipcore::sdp
