#include "sipcore/core/sessiondialog.h"

#include "sipcore/core/byeuseragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/core/useragentserver.h"
#include "sipcore/syntax/cseqview.h"
#include "sipcore/transaction/inviteservertransaction.h"
#include "sipcore/transport/nexthop.h"

#include <algorithm>

namespace sipcore {

SessionDialog::SessionDialog(UserAgentCore &core)
    : m_core(core)
    , m_logger(core.loggerFactory().getLogger("ringback.sip.core"))
{}

SessionDialog::~SessionDialog()
{
    dispose();
}

std::string SessionDialog::makeId(std::string_view callId,
                                  std::string_view localTag,
                                  std::string_view remoteTag)
{
    std::string id;
    id.append(callId).append(1, ';').append(localTag).append(1, ';').append(remoteTag);
    return id;
}

std::shared_ptr<SessionDialog>
SessionDialog::createAsUac(UserAgentCore &core, const Request &invite, const Response &response)
{
    auto dialog = std::shared_ptr<SessionDialog>(new SessionDialog(core));
    // §12.1.2: route set = Record-Route reversed; remote target = Contact of the response.
    if (auto recordRoutes = response.recordRoutes(); recordRoutes.ok())
        dialog->m_routeSet.assign(recordRoutes->rbegin(), recordRoutes->rend());
    // A Contact that is not a SIP URI cannot be a remote target (§8.1.1.8): keep the
    // Request-URI then.
    auto contacts = response.contacts();
    const bool usable = contacts.ok() && !contacts->empty() && contacts->front().uri.isSip();
    dialog->m_remoteTarget = usable ? contacts->front().uri : invite.requestUri();
    dialog->m_callId = invite.callId().ok() ? *invite.callId() : std::string();
    dialog->m_localUri = *invite.from();
    dialog->m_remoteUri = *response.to();
    dialog->m_localTag = std::string(dialog->m_localUri.tag().value_or(""));
    dialog->m_remoteTag = std::string(dialog->m_remoteUri.tag().value_or(""));
    dialog->m_inviteSequenceNumber = invite.cseq()->sequence;
    dialog->m_localSequenceNumber = dialog->m_inviteSequenceNumber;
    dialog->registerWithCore();
    return dialog;
}

std::shared_ptr<SessionDialog>
SessionDialog::createAsUas(UserAgentCore &core,
                           const Request &invite,
                           std::string_view localTag,
                           const std::shared_ptr<InviteServerTransaction> &transaction)
{
    auto dialog = std::shared_ptr<SessionDialog>(new SessionDialog(core));
    // §12.1.1: route set = Record-Route in order; remote target = Contact of the request; the
    // remote sequence number is the INVITE's, the local one stays empty (0) until we send.
    if (auto recordRoutes = invite.recordRoutes(); recordRoutes.ok())
        dialog->m_routeSet = std::move(*recordRoutes);
    // An INVITE must carry a Contact (§8.1.1.8); without a usable one, From is the best guess.
    auto contacts = invite.contacts();
    const bool usable = contacts.ok() && !contacts->empty() && contacts->front().uri.isSip();
    dialog->m_remoteTarget = usable ? contacts->front().uri : invite.from()->uri;
    dialog->m_callId = invite.callId().ok() ? *invite.callId() : std::string();
    dialog->m_localUri = *invite.to();
    dialog->m_localUri.parameters.set("tag", localTag);
    dialog->m_remoteUri = *invite.from();
    dialog->m_localTag = std::string(localTag);
    dialog->m_remoteTag = std::string(dialog->m_remoteUri.tag().value_or(""));
    dialog->m_inviteSequenceNumber = invite.cseq()->sequence;
    dialog->m_remoteSequenceNumber = dialog->m_inviteSequenceNumber;
    dialog->registerWithCore();

    dialog->m_acceptedTransaction = transaction;
    dialog->m_waitingForAck = true;
    dialog->m_2xxTimer = core.timers().createTimer();
    dialog->m_2xxInterval = core.configuration().timers.t1;
    dialog->schedule2xxRetransmission();
    return dialog;
}

void SessionDialog::registerWithCore()
{
    m_id = makeId(m_callId, m_localTag, m_remoteTag);
    m_core.addDialog(m_id, this);
    m_registered = true;
}

void SessionDialog::schedule2xxRetransmission()
{
    const TimerSettings &settings = m_core.configuration().timers;
    const Duration giveUp = 64 * settings.t1;
    const Duration delay = std::min(m_2xxInterval, giveUp - m_2xxElapsed);
    m_2xxTimer->start(delay, [this, delay, giveUp] {
        auto self = shared_from_this(); // the delegate may drop its reference
        m_2xxElapsed += delay;
        if (m_2xxElapsed < giveUp) {
            if (auto transaction = m_acceptedTransaction.lock())
                transaction->retransmitAcceptedResponse();
            m_2xxInterval = m_core.configuration().timers.nextRetransmit(m_2xxInterval);
            schedule2xxRetransmission();
            return;
        }
        // §13.3.1.4: confirmed, but the session SHOULD be ended with a BYE.
        m_logger.info(m_id + ": no ACK for our 2xx within 64*T1, sending BYE");
        stopWaitingForAck();
        bye(nullptr);
        if (m_delegate)
            m_delegate->onAckTimeout();
    });
}

void SessionDialog::stopWaitingForAck()
{
    m_waitingForAck = false;
    m_acceptedTransaction.reset();
    if (m_2xxTimer)
        m_2xxTimer->cancel();
}

Request SessionDialog::createRequest(std::string_view method)
{
    Request request;
    request.method = std::string(method);
    std::vector<NameAddr> routes = m_routeSet;
    if (routes.empty() || routes.front().uri.parameters.has("lr")) {
        request.setRequestUri(m_remoteTarget);
    } else {
        // §12.2.1.1 strict routing: the first route becomes the Request-URI.
        Uri target = routes.front().uri;
        target.parameters.remove("method");
        request.setRequestUri(target);
        routes.erase(routes.begin());
        routes.push_back(NameAddr{{}, m_remoteTarget, {}});
    }
    for (const NameAddr &route : routes)
        request.addHeader("Route", route.toString());
    request.addHeader("Max-Forwards", "70");
    request.addHeader("From", m_localUri.toString());
    request.addHeader("To", m_remoteUri.toString());
    request.addHeader("Call-ID", m_callId);
    const std::uint32_t cseq = method == "ACK" ? m_inviteSequenceNumber : ++m_localSequenceNumber;
    request.addHeader("CSeq", std::to_string(cseq) + " " + std::string(method));
    request.addHeader("User-Agent", m_core.configuration().userAgent);
    return request;
}

void SessionDialog::ack()
{
    Request ack = createRequest("ACK");
    const NextHop hop = nextHopFor(ack);
    m_ackTransport = m_core.transportFor(hop.protocol, hop.endpoint);
    if (!m_ackTransport) {
        m_logger.warning("no " + hop.protocol + " transport to send the ACK to "
                         + hop.endpoint.toString());
        return;
    }
    ack.prependHeader("Via", m_core.makeVia(*m_ackTransport).toString());
    m_ackBytes = ack.serialize();
    m_ackDestination = hop.endpoint;
    m_ackTransport->send(m_ackBytes, m_ackDestination, nullptr);
}

void SessionDialog::resendAck()
{
    if (m_ackTransport)
        m_ackTransport->send(m_ackBytes, m_ackDestination, nullptr);
}

std::shared_ptr<ByeUserAgentClient> SessionDialog::bye(OutgoingRequestDelegate *delegate)
{
    if (m_bye)
        return m_bye;
    m_bye = std::make_shared<ByeUserAgentClient>(m_core, createRequest("BYE"), delegate);
    m_terminated = true;
    return m_bye;
}

void SessionDialog::receiveRequest(UserAgentServer &server)
{
    auto self = shared_from_this(); // the delegate may drop its reference
    const Request &request = server.message();
    const auto cseq = request.cseqView();
    if (m_remoteSequenceNumber && cseq.ok() && (*cseq)->sequence <= *m_remoteSequenceNumber) {
        server.reply(500); // §12.2.2: out of order
        return;
    }
    if (cseq.ok())
        m_remoteSequenceNumber = (*cseq)->sequence;
    if (request.method == "BYE") {
        server.reply(200);
        m_terminated = true;
        dispose();
        if (m_delegate)
            m_delegate->onBye(request);
        return;
    }
    server.reply(501);
}

void SessionDialog::receiveAck(const Request &ack)
{
    // As UAC there is no 2xx of ours to acknowledge, and a late or repeated ACK changes nothing.
    const auto cseq = ack.cseqView();
    if (!m_waitingForAck || !cseq.ok() || (*cseq)->sequence != m_inviteSequenceNumber)
        return;
    auto self = shared_from_this();
    stopWaitingForAck();
    if (m_delegate)
        m_delegate->onAck(ack);
}

void SessionDialog::dispose()
{
    stopWaitingForAck();
    if (!m_registered)
        return;
    m_registered = false;
    m_core.removeDialog(m_id, this);
}

} // namespace sipcore
