#include "sipcore/session/session.h"

#include "sipcore/core/byeuseragentclient.h"
#include "sipcore/core/eventheader.h"
#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/useragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/sdp/sdperror.h"
#include "sipcore/session/refernotifier.h"
#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/uriheaders.h"
#include "sipcore/util/random.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace sipcore {

Session::Session(UserAgentCore &core, boost::asio::any_io_executor executor, Listener listener)
    : m_core(core)
    , m_executor(std::move(executor))
    , m_listener(std::move(listener))
    , m_sessionTimer(
              core.timers(), [this] { refreshSession(); }, [this] { sessionExpired(); })
{}

Session::~Session() = default;

void Session::bye()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] { self->doBye(); });
}

void Session::dispose()
{
    m_disposed = true;
    closeMedia();
    m_sessionTimer.dispose();
    if (m_referNotifier)
        m_referNotifier->dispose();
    for (auto *client : {&m_referClient, &m_infoClient, &m_refreshClient}) {
        if (*client)
            (*client)->dispose();
        client->reset();
    }
    if (m_dialog) {
        m_dialog->setDelegate(nullptr);
        m_dialog->dispose();
    }
    m_dialog.reset();
}

namespace {

/// The headers of a Refer-To URI (escaped) that the request it asks for may carry; see
/// Session::Referral::headers.
std::vector<std::pair<std::string, std::string>> requestHeadersOf(std::string_view uriHeaders)
{
    static constexpr std::string_view Refused[] = {"From",
                                                   "To",
                                                   "Call-ID",
                                                   "CSeq",
                                                   "Via",
                                                   "Route",
                                                   "Record-Route",
                                                   "Contact",
                                                   "Accept",
                                                   "Accept-Encoding",
                                                   "Accept-Language",
                                                   "Allow",
                                                   "Supported",
                                                   "Require",
                                                   "Proxy-Require",
                                                   "User-Agent",
                                                   "Organization",
                                                   "Authorization",
                                                   "Proxy-Authorization",
                                                   "P-Asserted-Identity",
                                                   "P-Preferred-Identity",
                                                   "Max-Forwards",
                                                   "Content-Length",
                                                   "Content-Type",
                                                   "Content-Encoding",
                                                   "Content-Disposition",
                                                   "Replaces",
                                                   "Referred-By",
                                                   "body"};
    std::vector<std::pair<std::string, std::string>> taken;
    for (auto &[name, value] : uriheaders::all(uriHeaders)) {
        const bool refused
                = std::any_of(std::begin(Refused), std::end(Refused),
                              [&](std::string_view r) { return headerNameEquals(name, r); });
        const bool control = std::any_of(value.begin(), value.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
        });
        if (!refused && !control && isToken(name))
            taken.emplace_back(std::move(name), std::move(value));
    }
    return taken;
}

bool isSdp(const Request &request)
{
    const auto contentType = request.header("Content-Type");
    return contentType
           && lexical::lowered(*contentType).find("application/sdp") != std::string::npos;
}

} // namespace

SessionDescriptionHandler &Session::descriptions()
{
    if (!m_descriptions) {
        m_descriptions = std::make_unique<SessionDescriptionHandler>(
                m_core.transport().localEndpoint().host, m_mediaEndpoint, m_srtpMode);
    }
    return *m_descriptions;
}

void Session::requestMediaStatistics(std::function<void(const MediaStatistics &)> done)
{
    boost::asio::dispatch(m_executor, [self = shared_from_this(), done = std::move(done)] {
        if (self->m_mediaEndpoint)
            self->m_mediaEndpoint->requestStatistics(done);
        else
            done(MediaStatistics{});
    });
}

void Session::setMediaEndpoint(std::shared_ptr<MediaEndpoint> endpoint)
{
    m_mediaEndpoint = std::move(endpoint);
    if (!m_mediaEndpoint)
        return;
    m_mediaEndpoint->setDtmfHandler([weak = weak_from_this(), executor = m_executor](char digit) {
        boost::asio::post(executor, [weak, digit] {
            const auto self = weak.lock();
            if (!self || self->m_disposed)
                return;
            self->m_status.receivedDigits += digit;
            self->notify();
        });
    });
}

std::optional<sdp::NegotiatedAudio> Session::negotiatedAudio() const
{
    return m_descriptions ? m_descriptions->audio() : std::nullopt;
}

sdp::Direction Session::wantedDirection() const
{
    return m_wantHeld ? sdp::Direction::SendOnly : sdp::Direction::SendRecv;
}

std::string Session::makeOffer()
{
    return descriptions().createOffer(wantedDirection());
}

bool Session::takeAnswer(std::string_view sdp, bool final)
{
    if (sdp.empty()) {
        // A final response without the answer it owes us (RFC 3264 §4): the offer is dropped
        // and the call goes on as before it, without media if it had none.
        if (final && descriptions().state() == sdp::OfferAnswer::State::HaveLocalOffer)
            descriptions().rollback();
        return true;
    }
    const std::error_code error = descriptions().setRemoteAnswer(sdp);
    m_answerError = error;
    if (error) {
        m_core.loggerFactory()
                .getLogger("ringback.sip.session")
                .warning("the peer's answer cannot be used: " + error.message());
        return false;
    }
    noteRemoteDirection();
    return true;
}

void Session::noteRemoteDirection()
{
    if (!m_remoteInitialDirection)
        m_remoteInitialDirection = descriptions().remoteDirection();
}

void Session::closeMedia()
{
    if (m_descriptions)
        m_descriptions->close();
}

void Session::hold(bool on)
{
    boost::asio::dispatch(m_executor, [self = shared_from_this(), on] {
        if (self->m_disposed || self->m_status.state != State::Established)
            return; // a call that is not up has nothing to hold
        self->m_wantHeld = on;
        self->sendHoldReinvite();
    });
}

void Session::sendHoldReinvite()
{
    if (m_disposed || m_offeredHeld || m_status.state != State::Established || !m_dialog
        || m_wantHeld == m_status.held)
        return;
    DialogRequestOptions options;
    options.body = makeOffer();
    options.contentType = "application/sdp";
    options.extraHeaders = timerHeaders();
    const std::error_code error = m_dialog->reinvite(std::move(options), &m_reinviteDelegate);
    if (error) {
        descriptions().rollback();
        // The peer's re-INVITE is under way: ours follows its ACK (onAck).
        m_core.loggerFactory()
                .getLogger("ringback.sip.session")
                .debug("hold waits: " + error.message());
        return;
    }
    m_offeredHeld = m_wantHeld;
}

void Session::onReinviteDone(const Response &response)
{
    const bool held = m_offeredHeld.value_or(m_status.held);
    m_offeredHeld.reset();
    if (m_status.state != State::Established)
        return;
    const int code = response.statusCode;
    if (code >= 200 && code < 300) {
        m_sessionTimer.negotiateAsUac(response);
        takeAnswer(response.body(), true);
        m_status.held = held;
        update(response);
        notify();
        sendHoldReinvite(); // the user changed their mind meanwhile
        return;
    }
    descriptions().rollback(); // §14.1: the session stays as it was
    update(response);
    if (code == 408 || code == 481) {
        // §12.2.1.2: the dialog is gone or unreachable.
        m_status.endReason = EndReason::Failed;
        doBye();
        return;
    }
    m_wantHeld = m_status.held; // refused: the call stays as it was
    notify();
}

std::optional<Session::Refusal> Session::takeRemoteOffer(const Request &request)
{
    Refusal refusal;
    if (!isSdp(request)) {
        refusal.statusCode = 415;
        refusal.options.extraHeaders = {{"Accept", "application/sdp"}};
        return refusal;
    }
    const std::error_code error = descriptions().setRemoteOffer(request.body());
    if (!error) {
        noteRemoteDirection();
        return std::nullopt;
    }
    if (error == sdp::SdpError::OfferPending) {
        refusal.statusCode = 491; // RFC 3311 §5.2: our offer is still unanswered
    } else if (error == sdp::SdpError::NoCommonCodec) {
        refusal.statusCode = 488;
        refusal.options.extraHeaders = {{"Warning", "305 - \"Incompatible media format\""}};
    } else if (error == sdp::SdpError::NoUsableCrypto) {
        refusal.statusCode = 488;
        refusal.options.reasonPhrase = m_srtpMode == sdp::SrtpMode::Required
                                               ? "Not Acceptable Here: encrypted audio (SRTP) "
                                                 "is required"
                                               : "Not Acceptable Here: no SRTP crypto suite in "
                                                 "common";
    } else {
        refusal.statusCode = 400;
        refusal.options.reasonPhrase = "Bad Request: " + error.message();
    }
    return refusal;
}

std::optional<ResponseOptions> Session::answerOffer(UserAgentServer &server, bool offerWhenNone)
{
    const Request &request = server.message();
    ResponseOptions options;
    if (request.body().empty()) {
        // RFC 4028 §9: a re-INVITE or UPDATE refreshes the session, and our 2xx says how.
        options.extraHeaders = m_sessionTimer.negotiateAsUas(request);
        if (offerWhenNone) {
            // Our offer in the 2xx; the ACK brings the answer (Session::onAck).
            options.contentType = "application/sdp";
            options.body = makeOffer();
        }
        return options;
    }
    if (auto refusal = takeRemoteOffer(request)) {
        server.reply(refusal->statusCode, std::move(refusal->options));
        return std::nullopt;
    }
    SessionDescriptionHandler &descriptions = this->descriptions();
    options.extraHeaders = m_sessionTimer.negotiateAsUas(request);
    options.contentType = "application/sdp";
    options.body = std::move(*descriptions.createAnswer(wantedDirection()));
    // §8.4: sendonly, or inactive after a first offer that was not, holds us.
    const sdp::Direction offered = descriptions.remoteDirection();
    const bool held = offered == sdp::Direction::SendOnly
                      || (offered == sdp::Direction::Inactive
                          && m_remoteInitialDirection != sdp::Direction::Inactive);
    if (held != m_status.remoteHeld) {
        m_status.remoteHeld = held;
        notify();
    }
    return options;
}

std::vector<HeaderLine> Session::timerHeaders() const
{
    auto headers = m_sessionTimer.requestHeaders(m_core.configuration().sessionTimer);
    if (!headers.empty())
        headers.push_back({"Supported", "timer"});
    return headers;
}

void Session::refreshSession()
{
    if (m_disposed || m_status.state != State::Established || !m_dialog)
        return;
    if (m_offeredHeld || m_dialog->isInviteInProgress())
        return; // the 2xx of the re-INVITE under way renegotiates the timer
    DialogRequestOptions options;
    options.extraHeaders = timerHeaders();
    if (m_peerAllowsUpdate) {
        auto client = m_dialog->update(std::move(options), &m_refreshDelegate);
        if (client.ok())
            m_refreshClient = *client;
        return;
    }
    options.body = makeOffer();
    options.contentType = "application/sdp";
    m_refreshOffered = !m_dialog->reinvite(std::move(options), &m_refreshDelegate);
    if (!m_refreshOffered)
        descriptions().rollback();
}

void Session::onRefreshDone(const Response &response)
{
    m_refreshClient.reset();
    const int code = response.statusCode;
    if (std::exchange(m_refreshOffered, false)) {
        // A re-INVITE with our offer: the 2xx answers it, anything else leaves the session.
        if (code >= 200 && code < 300)
            takeAnswer(response.body(), true);
        else
            descriptions().rollback();
    }
    if (m_status.state != State::Established)
        return;
    if (code >= 200 && code < 300) {
        m_sessionTimer.negotiateAsUac(response);
        return;
    }
    if (code == 408 || code == 481) {
        // RFC 4028 §10 (and RFC 3261 §12.2.1.2): the peer or its dialog is gone.
        update(response);
        m_status.endReason = EndReason::Failed;
        doBye();
        return;
    }
    m_sessionTimer.stop(); // refused: the call goes on without a timer
}

void Session::sessionExpired()
{
    if (m_disposed || m_status.state != State::Established)
        return;
    // RFC 4028 §10: no refresh came in time.
    update(408, "Session Timer Expired");
    m_status.endReason = EndReason::Failed;
    doBye();
}

void Session::onInvite(const std::shared_ptr<InviteUserAgentServer> &server)
{
    if (auto options = answerOffer(*server, true))
        server->accept(std::move(*options));
}

void Session::onUpdate(const std::shared_ptr<UserAgentServer> &server)
{
    // RFC 3311 §5.2: an offer gets its answer in the 2xx; without one there is nothing to
    // answer (a target refresh or a session timer's refresh).
    if (auto options = answerOffer(*server, false))
        server->reply(200, std::move(*options));
}

void Session::onAck(const Request &ack)
{
    // The answer to the offer of our 2xx to a re-INVITE without one (RFC 3264 §4).
    if (m_descriptions && m_descriptions->state() == sdp::OfferAnswer::State::HaveLocalOffer
        && !m_offeredHeld && !m_refreshOffered) {
        if (!takeAnswer(ack.body(), true))
            m_descriptions->rollback();
    }
    sendHoldReinvite();
}

void Session::transfer(Uri target)
{
    boost::asio::dispatch(m_executor, [self = shared_from_this(), target = std::move(target)] {
        self->sendRefer(target, {});
    });
}

void Session::transfer(const std::shared_ptr<Session> &other)
{
    boost::asio::dispatch(m_executor, [self = shared_from_this(), other] {
        if (other == self || other->m_disposed || other->m_status.state != State::Established
            || !other->m_dialog)
            return;
        // RFC 3891 §6.1: the dialog as the target sees it, whose local tag is our remote one.
        const SessionDialog &dialog = *other->m_dialog;
        const std::string replaces = dialog.callId() + ";to-tag=" + dialog.remoteTag()
                                     + ";from-tag=" + dialog.localTag();
        Uri target = dialog.remoteTarget();
        target.headers = "Replaces=" + uriheaders::escapeValue(replaces);
        self->sendRefer(target, other);
    });
}

void Session::sendRefer(const Uri &target, std::weak_ptr<Session> replaced)
{
    if (m_disposed || m_status.state != State::Established || !m_dialog || m_referClient)
        return;
    NameAddr referredBy = m_dialog->localUri();
    referredBy.parameters.remove("tag");
    DialogRequestOptions options;
    options.extraHeaders = {{"Refer-To", NameAddr{{}, target, {}}.toString()},
                            {"Referred-By", referredBy.toString()}};
    m_referClient = m_dialog->request("REFER", std::move(options), &m_referDelegate);
    if (!m_referClient)
        return;
    // The target's BYE for the replaced call may come before the NOTIFY that says the
    // transfer worked: from now on it means the call was transferred (undone on failure).
    m_transferReplaces = std::move(replaced);
    if (auto other = m_transferReplaces.lock())
        other->m_transferredAway = true;
    m_status.transfer = TransferState::Requested;
    m_status.transferStatusCode = 0;
    notify();
}

void Session::onReferDone(const Response &response)
{
    if (m_status.state == State::Terminated)
        return;
    if (response.statusCode >= 200 && response.statusCode < 300) {
        // A NOTIFY may have overtaken the 202 (RFC 3515 §2.4.4): keep what it said.
        if (m_status.transfer == TransferState::Requested) {
            m_status.transfer = TransferState::Accepted;
            notify();
        }
        return;
    }
    m_referClient.reset();
    transferFailed(response.statusCode);
}

void Session::transferFailed(int statusCode)
{
    if (auto other = m_transferReplaces.lock())
        other->m_transferredAway = false;
    m_status.transfer = TransferState::Failed;
    m_status.transferStatusCode = statusCode;
    notify();
}

void Session::onNotify(const std::shared_ptr<UserAgentServer> &server)
{
    const Request &request = server->message();
    const auto event = request.header("Event");
    const std::string eventName
            = event ? lexical::lowered(lexical::trim(event->substr(0, event->find(';'))))
                    : std::string();
    if (eventName != "refer" || !m_referClient) {
        ResponseOptions options;
        options.extraHeaders = {{"Allow-Events", "refer"}};
        server->reply(eventName == "refer" ? 481 : 489, std::move(options));
        return;
    }
    // The body is a message/sipfrag (RFC 3420) whose status line says how the target answered.
    const std::string_view body = request.body();
    constexpr std::string_view prefix = "SIP/2.0 ";
    int code = 0;
    if (body.starts_with(prefix) && body.size() >= prefix.size() + 3) {
        const std::string_view digits = body.substr(prefix.size(), 3);
        if (std::all_of(digits.begin(), digits.end(), lexical::isDigit))
            code = std::stoi(std::string(digits));
    }
    if (code == 0) {
        ResponseOptions options;
        options.reasonPhrase = "Bad Request: no SIP status line in the sipfrag";
        server->reply(400, std::move(options));
        return;
    }
    server->reply(200);
    if (m_status.state != State::Established)
        return;
    m_status.transferStatusCode = code;
    if (code < 200) {
        m_status.transfer = TransferState::Accepted;
        notify();
        return;
    }
    m_referClient.reset();
    if (code >= 300) {
        transferFailed(code);
        return;
    }
    // RFC 5589 §6.1: the transfer worked; the transferor ends its call. After an attended
    // transfer the target ends the other call (RFC 3891 §3).
    m_status.transfer = TransferState::Succeeded;
    m_status.endReason = EndReason::Transferred;
    notify();
    doBye();
}

void Session::sendDtmf(std::string digits)
{
    boost::asio::dispatch(m_executor, [self = shared_from_this(), digits = std::move(digits)] {
        if (self->m_disposed || self->m_status.state != State::Established)
            return;
        for (char digit : digits) {
            const char upper = lexical::toUpper(digit);
            if (std::string_view("0123456789*#ABCD").find(upper) == std::string_view::npos)
                continue;
            // In order: once one digit waits for INFO, the rest follow it.
            if (!self->m_pendingDigits.empty() || !self->m_mediaEndpoint
                || !self->m_mediaEndpoint->sendDtmf(upper))
                self->m_pendingDigits += upper;
        }
        self->sendNextDigit();
    });
}

void Session::sendNextDigit()
{
    if (m_disposed || m_infoClient || m_pendingDigits.empty() || !m_dialog
        || m_status.state != State::Established)
        return;
    DialogRequestOptions options;
    options.contentType = "application/dtmf-relay";
    options.body = "Signal=" + m_pendingDigits.substr(0, 1) + "\r\nDuration=160\r\n";
    m_pendingDigits.erase(0, 1);
    m_infoClient = m_dialog->request("INFO", std::move(options), &m_infoDelegate);
}

void Session::onInfo(const std::shared_ptr<UserAgentServer> &server)
{
    const Request &request = server->message();
    const auto contentType = request.header("Content-Type");
    const std::string type = contentType ? lexical::lowered(
                                     lexical::trim(contentType->substr(0, contentType->find(';'))))
                                         : std::string();
    std::string_view body = request.body();
    char digit = 0;
    if (type == "application/dtmf-relay") {
        // "Signal=5\r\nDuration=160": the signal's first character.
        const auto signal = body.find("Signal=");
        if (signal != std::string_view::npos) {
            const std::string_view value = lexical::trim(body.substr(signal + 7));
            if (!value.empty())
                digit = lexical::toUpper(value.front());
        }
    } else if (type == "application/dtmf") {
        body = lexical::trim(body);
        if (!body.empty())
            digit = lexical::toUpper(body.front());
    } else if (!body.empty()) {
        ResponseOptions options;
        options.extraHeaders = {{"Accept", "application/dtmf-relay, application/dtmf"}};
        server->reply(415, std::move(options));
        return;
    }
    server->reply(200);
    if (digit && std::string_view("0123456789*#ABCD").find(digit) != std::string_view::npos) {
        m_status.receivedDigits += digit;
        notify();
    }
}

void Session::setDialog(std::shared_ptr<SessionDialog> dialog)
{
    m_dialog = std::move(dialog);
    m_dialog->setDelegate(this);
}

void Session::doBye()
{
    if (m_disposed || !m_dialog || m_dialog->isTerminated())
        return;
    m_sessionTimer.stop();
    m_status.state = State::Terminating;
    notify();
    m_dialog->bye(&m_byeDelegate);
}

void Session::onByeDone(const Response &response)
{
    if (m_status.state == State::Terminated)
        return;
    if (m_status.endReason == EndReason::None)
        m_status.endReason = EndReason::LocalHangup;
    if (m_status.endReason == EndReason::LocalHangup)
        update(response);
    finish(m_status.endReason);
}

void Session::update(const Response &response)
{
    update(response.statusCode, response.reasonPhrase);
}

void Session::update(int statusCode, std::string reasonPhrase)
{
    m_status.statusCode = statusCode;
    m_status.reasonPhrase = std::move(reasonPhrase);
}

void Session::onBye(const Request &)
{
    if (m_status.state == State::Terminated)
        return;
    update(200, "OK");
    finish(m_transferredAway ? EndReason::Transferred : EndReason::RemoteHangup);
}

void Session::finish(EndReason reason)
{
    if (m_status.state == State::Terminated)
        return;
    m_sessionTimer.stop();
    closeMedia();
    m_status.state = State::Terminated;
    m_status.endReason = reason;
    notify();
}

void Session::notify()
{
    m_status.encrypted = m_descriptions && m_descriptions->audio() && m_descriptions->audio()->srtp;
    if (!m_referrer.expired())
        reportReferral(m_status);
    if (!m_disposed && m_listener)
        m_listener(m_status);
}

void Session::reportReferral(const Status &status)
{
    const auto referrer = m_referrer.lock();
    int code = status.statusCode;
    std::string phrase = status.reasonPhrase;
    switch (status.state) {
    case State::Initial:
        return;
    case State::Establishing:
        if (code <= 100 || code >= 200)
            return; // RFC 3515 §2.4.5: the first NOTIFY said 100 already
        break;
    case State::Established:
        break;
    case State::Terminating:
    case State::Terminated:
        if (code < 300) { // ended before any final response: cancelled
            code = 487;
            phrase = "Request Terminated";
        }
        break;
    }
    if (code >= 200)
        m_referrer.reset();
    if (!referrer->m_referNotifier || referrer->m_referNotifier->lastStatusCode() == code)
        return;
    referrer->m_referNotifier->report(code, phrase);
    if (code < 300 && code >= 200)
        referrer->m_transferredAway = true; // the transferor's BYE is to come
}

void Session::onRefer(const std::shared_ptr<UserAgentServer> &server)
{
    if (!m_referralHandler) {
        SessionDelegate::onRefer(server);
        return;
    }
    const Request &request = server->message();
    ResponseOptions refusal;
    const auto referTo = request.headerValues("Refer-To");
    if (referTo.size() != 1) {
        refusal.reasonPhrase = "Bad Request: a REFER needs exactly one Refer-To";
        server->reply(400, std::move(refusal));
        return;
    }
    const auto target = NameAddr::parse(referTo.front());
    if (!target.ok() || !target->uri.isSip()) {
        refusal.reasonPhrase = "Bad Request: Refer-To is not a sip: or sips: URI";
        server->reply(400, std::move(refusal));
        return;
    }
    if (m_disposed || m_status.state != State::Established) {
        server->reply(481);
        return;
    }
    if (m_referNotifier && !m_referNotifier->isTerminated()) {
        server->reply(491); // one referral at a time
        return;
    }
    Referral referral;
    referral.target = target->uri;
    referral.target.headers.clear();
    referral.target.parameters.remove("method");
    referral.replaces = uriheaders::find(target->uri.headers, "Replaces").value_or("");
    referral.headers = requestHeadersOf(target->uri.headers);
    referral.referredBy = std::string(request.header("Referred-By").value_or(""));
    server->reply(202);
    m_transferredAway = false;
    if (m_referNotifier)
        m_referNotifier->dispose();
    m_referNotifier = std::make_unique<ReferNotifier>(
            m_dialog, request.cseq() ? request.cseq()->sequence : 0);
    m_referNotifier->report(100, "Trying"); // RFC 3515 §2.4.4: at once
    m_referralHandler(shared_from_this(), std::move(referral));
}

void Session::onSubscribe(const std::shared_ptr<UserAgentServer> &server)
{
    const auto event = EventHeader::of(server->message());
    if (!event || !lexical::equalsIgnoringCase(event->package, "refer") || !m_referNotifier
        || !m_referNotifier->takesSubscribe(*event)) {
        SessionDelegate::onSubscribe(server);
        return;
    }
    const std::uint32_t asked = server->message()
                                        .numberValue(HeaderId::Expires)
                                        .value_or(ReferNotifier::ExpiresSeconds);
    const std::uint32_t granted = std::min<std::uint32_t>(asked, ReferNotifier::ExpiresSeconds);
    ResponseOptions options;
    options.extraHeaders = {{"Expires", std::to_string(granted)}};
    server->reply(200, std::move(options));
    m_referNotifier->refresh(granted); // RFC 6665 §4.2.1.2: a NOTIFY follows at once
}

void Session::onMessage(const std::shared_ptr<UserAgentServer> &server)
{
    if (!m_messageHandler) {
        SessionDelegate::onMessage(server);
        return;
    }
    if (const auto message = InstantMessage::receive(*server))
        m_messageHandler(*message);
}

Session::DialogMatch Session::matchDialog(std::string_view callId,
                                          std::string_view localTag,
                                          std::string_view remoteTag) const
{
    if (!m_dialog || m_dialog->callId() != callId || m_dialog->localTag() != localTag
        || m_dialog->remoteTag() != remoteTag)
        return DialogMatch::None;
    if (m_dialog->isTerminated() || m_status.state == State::Terminating
        || m_status.state == State::Terminated)
        return DialogMatch::Ended;
    return m_dialog->isEarly() ? DialogMatch::Early : DialogMatch::Confirmed;
}

void Session::replaced()
{
    if (m_status.state == State::Terminating || m_status.state == State::Terminated)
        return;
    m_status.endReason = EndReason::Transferred;
    hangup();
}

} // namespace sipcore
