#include "sipcore/core/sessiondialog.h"

#include "sipcore/core/byeuseragentclient.h"
#include "sipcore/core/coreerror.h"
#include "sipcore/core/eventheader.h"
#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/reinviteuseragentclient.h"
#include "sipcore/core/updateuseragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/core/useragentserver.h"
#include "sipcore/syntax/cseqview.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/transaction/inviteservertransaction.h"
#include "sipcore/transport/nexthop.h"
#include "sipcore/util/random.h"

#include <algorithm>

namespace sipcore {

SessionDialog::SessionDialog(UserAgentCore &core)
    : Dialog(core)
{}

SessionDialog::~SessionDialog()
{
    SessionDialog::dispose();
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
    dialog->m_remoteTarget = invite.requestUri();
    dialog->refreshRemoteTarget(response);
    dialog->m_callId = invite.callId().ok() ? *invite.callId() : std::string();
    dialog->m_localUri = *invite.from();
    dialog->m_remoteUri = *response.to();
    dialog->m_localTag = std::string(dialog->m_localUri.tag().value_or(""));
    dialog->m_remoteTag = std::string(dialog->m_remoteUri.tag().value_or(""));
    if (auto contact = invite.header("Contact"))
        dialog->m_localContact = std::string(*contact);
    dialog->m_localInviteSequenceNumber = invite.cseq()->sequence;
    dialog->m_localSequenceNumber = dialog->m_localInviteSequenceNumber;
    dialog->m_callIdOwner = true;
    dialog->m_early = response.statusCode < 200;
    dialog->m_initialOfferOpen = dialog->m_early && !invite.body().empty();
    dialog->registerWithCore();
    return dialog;
}

std::shared_ptr<SessionDialog> SessionDialog::makeUas(UserAgentCore &core,
                                                      const Request &invite,
                                                      std::string_view localTag,
                                                      std::string localContact)
{
    auto dialog = std::shared_ptr<SessionDialog>(new SessionDialog(core));
    // The local sequence number stays empty (0) until we send.
    dialog->initializeAsUas(invite, localTag, std::move(localContact));
    return dialog;
}

std::shared_ptr<SessionDialog>
SessionDialog::createAsUas(UserAgentCore &core,
                           const Request &invite,
                           std::string_view localTag,
                           std::string localContact,
                           const std::shared_ptr<InviteServerTransaction> &transaction)
{
    auto dialog = makeUas(core, invite, localTag, std::move(localContact));
    dialog->registerWithCore();
    dialog->waitForAck(transaction, invite.cseq()->sequence);
    return dialog;
}

std::shared_ptr<SessionDialog>
SessionDialog::createEarlyAsUas(UserAgentCore &core,
                                const Request &invite,
                                std::string_view localTag,
                                std::string localContact,
                                std::weak_ptr<InviteUserAgentServer> server)
{
    auto dialog = makeUas(core, invite, localTag, std::move(localContact));
    dialog->m_early = true;
    dialog->m_initialOfferOpen = !invite.body().empty();
    dialog->m_earlyInvite = std::move(server);
    dialog->registerWithCore();
    return dialog;
}

void SessionDialog::confirmAsUas(const std::shared_ptr<InviteServerTransaction> &transaction,
                                 std::uint32_t sequence)
{
    m_early = false;
    m_initialOfferOpen = false;
    waitForAck(transaction, sequence);
}

void SessionDialog::confirm(const Response &response)
{
    if (!m_early)
        return;
    m_early = false;
    m_initialOfferOpen = false;
    m_routeSet.clear();
    if (auto recordRoutes = response.recordRoutes(); recordRoutes.ok())
        m_routeSet.assign(recordRoutes->rbegin(), recordRoutes->rend());
    refreshRemoteTarget(response);
}

bool SessionDialog::isInviteInProgress() const
{
    if (m_reinviteInProgress || m_waitingForAck || (m_glareTimer && m_glareTimer->isActive()))
        return true;
    const auto incoming = m_incomingInvite.lock();
    return incoming && incoming->transaction()->state() == TransactionState::Proceeding;
}

void SessionDialog::waitForAck(const std::shared_ptr<InviteServerTransaction> &transaction,
                               std::uint32_t sequence)
{
    stopWaitingForAck();
    m_acceptedTransaction = transaction;
    m_acceptedSequenceNumber = sequence;
    m_waitingForAck = true;
    if (!m_2xxTimer)
        m_2xxTimer = m_core.timers().createTimer();
    m_2xxInterval = m_core.configuration().timers.t1;
    m_2xxElapsed = Duration{0};
    schedule2xxRetransmission();
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

void SessionDialog::ack()
{
    Request ack = createRequest("ACK", m_localInviteSequenceNumber);
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
    m_ackedSequenceNumber = m_localInviteSequenceNumber;
    m_ackTransport->send(m_ackBytes, m_ackDestination, nullptr);
}

void SessionDialog::resendAck(std::uint32_t sequence)
{
    if (m_ackTransport && sequence == m_ackedSequenceNumber)
        m_ackTransport->send(m_ackBytes, m_ackDestination, nullptr);
}

std::shared_ptr<ByeUserAgentClient> SessionDialog::bye(OutgoingRequestDelegate *delegate)
{
    if (m_bye)
        return m_bye;
    m_bye = std::make_shared<ByeUserAgentClient>(m_core, createRequest("BYE"), delegate);
    m_terminated = true;
    if (m_glareTimer)
        m_glareTimer->cancel();
    return m_bye;
}

bool SessionDialog::prack(const Response &response)
{
    const auto value = response.singleValue(HeaderId::RSeq, SyntaxError::DuplicateHeader);
    const std::uint32_t *rseq = value.ok() ? (*value)->as<std::uint32_t>() : nullptr;
    const auto cseq = response.cseqView();
    if (!rseq || !cseq.ok() || m_terminated)
        return false;
    // RFC 3262 §4: the first one sets the RSeq space; later ones must follow it by one.
    if (m_remoteRseq && *rseq != *m_remoteRseq + 1)
        return false;
    m_remoteRseq = *rseq;
    if (!response.body().empty())
        m_initialOfferOpen = false;
    Request request = createRequest("PRACK");
    request.addHeader("RAck", std::to_string(*rseq) + " " + std::to_string((*cseq)->sequence) + " "
                                      + std::string((*cseq)->method));
    std::erase_if(m_pracks, [](const std::shared_ptr<UserAgentClient> &client) {
        return client->transaction()
               && client->transaction()->state() == TransactionState::Terminated;
    });
    m_pracks.push_back(m_core.request(std::move(request), nullptr));
    return true;
}

bool SessionDialog::isLocalOfferOpen() const
{
    return m_updateOfferOpen || (m_reinviteInProgress && !m_reinviteOptions.body.empty())
           || (m_early && m_callIdOwner && m_initialOfferOpen);
}

Result<std::shared_ptr<UserAgentClient>> SessionDialog::update(DialogRequestOptions options,
                                                               OutgoingRequestDelegate *delegate)
{
    if (m_terminated)
        return CoreError::DialogNotConfirmed;
    const bool offer = !options.body.empty();
    if (offer && isLocalOfferOpen())
        return CoreError::InviteInProgress;
    Request request = createRequest("UPDATE");
    if (!m_localContact.empty())
        request.addHeader("Contact", m_localContact);
    for (const HeaderLine &field : options.extraHeaders)
        request.addHeader(field.name, field.value);
    if (offer) {
        request.addHeader("Content-Type", options.contentType);
        request.setBody(std::move(options.body));
    }
    if (m_updateClient)
        m_updateClient->dispose();
    m_updateOfferOpen = offer;
    m_updateClient
            = std::make_shared<UpdateUserAgentClient>(*this, m_core, std::move(request), delegate);
    return m_updateClient;
}

void SessionDialog::updateDone(const Response &response)
{
    m_updateOfferOpen = false;
    if (response.statusCode >= 200 && response.statusCode < 300)
        refreshRemoteTarget(response); // RFC 3311 §5.1: UPDATE is a target refresh
}

std::error_code SessionDialog::reinvite(DialogRequestOptions options,
                                        OutgoingRequestDelegate *delegate)
{
    if (m_early || m_terminated)
        return CoreError::DialogNotConfirmed;
    if (isInviteInProgress())
        return CoreError::InviteInProgress;
    m_reinviteOptions = std::move(options);
    m_reinviteDelegate = delegate;
    sendReinvite();
    return {};
}

std::shared_ptr<UserAgentClient> SessionDialog::request(std::string_view method,
                                                        DialogRequestOptions options,
                                                        OutgoingRequestDelegate *delegate)
{
    if (m_early || m_terminated)
        return nullptr;
    Request request = createRequest(method);
    if (method == "REFER" && !m_localContact.empty())
        request.addHeader("Contact", m_localContact);
    for (const HeaderLine &field : options.extraHeaders)
        request.addHeader(field.name, field.value);
    if (!options.body.empty()) {
        request.addHeader("Content-Type", options.contentType);
        request.setBody(std::move(options.body));
    }
    return m_core.request(std::move(request), delegate);
}

void SessionDialog::sendReinvite()
{
    Request request = createRequest("INVITE");
    if (!m_localContact.empty())
        request.addHeader("Contact", m_localContact);
    request.addHeader("Allow", UserAgentCore::Allow);
    for (const HeaderLine &field : m_reinviteOptions.extraHeaders)
        request.addHeader(field.name, field.value);
    if (!m_reinviteOptions.body.empty()) {
        request.addHeader("Content-Type", m_reinviteOptions.contentType);
        request.setBody(m_reinviteOptions.body);
    }
    m_localInviteSequenceNumber = m_localSequenceNumber;
    m_reinviteInProgress = true;
    if (m_reinviteClient)
        m_reinviteClient->dispose(); // the last one's 2xx retransmissions are ACKed no more
    m_reinviteClient = std::make_shared<ReinviteUserAgentClient>(*this, m_core, std::move(request),
                                                                 m_reinviteDelegate);
}

void SessionDialog::reinviteAccepted(const Response &response)
{
    m_reinviteInProgress = false;
    const auto cseq = response.cseqView();
    if (!cseq.ok())
        return;
    if ((*cseq)->sequence == m_ackedSequenceNumber) {
        resendAck(m_ackedSequenceNumber); // a retransmission: our ACK was lost
        return;
    }
    refreshRemoteTarget(response); // §12.2.1.2: a 2xx to a target refresh
    ack();
}

bool SessionDialog::reinviteFailed(const Response &response)
{
    m_reinviteInProgress = false;
    if (response.statusCode != 491 || m_terminated)
        return false;
    // §14.1: both sides sent a re-INVITE at once. The side that chose the Call-ID waits
    // 2.1-4 s, the other up to 2 s, in units of 10 ms, so one of them goes first.
    const std::uint32_t units = m_callIdOwner ? random::between(210, 400) : random::between(0, 200);
    const auto wait = std::chrono::milliseconds(units * 10);
    m_logger.info(m_id + ": re-INVITE met another (491), trying again in "
                  + std::to_string(wait.count()) + " ms");
    if (!m_glareTimer)
        m_glareTimer = m_core.timers().createTimer();
    m_glareTimer->start(wait, [this, wait] {
        auto self = shared_from_this();
        if (m_terminated)
            return;
        if (isInviteInProgress()) { // the peer's went first: ours waits its turn
            m_glareTimer->start(wait, [this] {
                if (!m_terminated && !isInviteInProgress())
                    sendReinvite();
            });
            return;
        }
        sendReinvite();
    });
    return true;
}

void SessionDialog::receiveInDialogRequest(UserAgentServer &server)
{
    auto self = shared_from_this(); // the delegate may drop its reference
    const Request &request = server.message();
    if (request.method == "BYE") {
        server.reply(200);
        m_terminated = true;
        dispose();
        if (const auto invite = m_earlyInvite.lock(); invite && m_early)
            invite->receiveCancel(request); // §15.1.2: the INVITE gets 487
        else if (m_delegate)
            m_delegate->onBye(request);
        return;
    }
    if (request.method == "INVITE") {
        receiveReinvite(server);
        return;
    }
    if (request.method == "PRACK") {
        if (const auto invite = m_earlyInvite.lock())
            invite->receivePrack(server);
        else
            server.reply(481); // RFC 3262 §3: nothing of ours awaits a PRACK
        return;
    }
    if (request.method == "UPDATE") {
        receiveUpdate(server);
        return;
    }
    if (request.method == "OPTIONS") {
        ResponseOptions options;
        options.extraHeaders = {{"Allow", std::string(UserAgentCore::Allow)}};
        server.reply(200, std::move(options));
        return;
    }
    SessionDelegate fallback;
    SessionDelegate &delegate = m_delegate ? *m_delegate : fallback;
    const auto shared = server.shared_from_this();
    if (request.method == "INFO")
        delegate.onInfo(shared);
    else if (request.method == "MESSAGE")
        delegate.onMessage(shared);
    else if (request.method == "NOTIFY")
        delegate.onNotify(shared);
    else if (request.method == "REFER")
        delegate.onRefer(shared);
    else if (request.method == "SUBSCRIBE")
        delegate.onSubscribe(shared);
    else
        server.reply(501);
}

void SessionDialog::receiveReinvite(UserAgentServer &server)
{
    if (m_early || m_terminated) {
        server.reply(m_terminated ? 481 : 491);
        return;
    }
    if (m_reinviteInProgress) {
        server.reply(491); // §14.2: ours is pending
        return;
    }
    if (isInviteInProgress()) {
        // §14.2: an earlier INVITE of the peer's is still open; try again within 10 s.
        ResponseOptions options;
        options.extraHeaders = {{"Retry-After", std::to_string(random::between(0, 10))}};
        server.reply(500, std::move(options));
        return;
    }
    refreshRemoteTarget(server.message());
    auto invite = std::static_pointer_cast<InviteUserAgentServer>(server.shared_from_this());
    invite->setDialog(shared_from_this());
    m_incomingInvite = invite;
    if (m_delegate)
        m_delegate->onInvite(invite);
    else
        invite->reply(488);
}

void SessionDialog::receiveUpdate(UserAgentServer &server)
{
    const Request &request = server.message();
    if (!request.body().empty()) {
        if (isLocalOfferOpen()) {
            server.reply(491);
            return;
        }
        const auto incoming = m_incomingInvite.lock();
        const bool remoteOfferOpen
                = (m_early && !m_callIdOwner && m_initialOfferOpen)
                  || (incoming && incoming->transaction()->state() == TransactionState::Proceeding);
        if (remoteOfferOpen) {
            ResponseOptions options;
            options.extraHeaders = {{"Retry-After", std::to_string(random::between(0, 10))}};
            server.reply(500, std::move(options));
            return;
        }
    }
    refreshRemoteTarget(request);
    server.setSuccessContact(m_localContact);
    SessionDelegate fallback;
    (m_delegate ? *m_delegate : fallback).onUpdate(server.shared_from_this());
}

void SessionDialog::receiveAck(const Request &ack)
{
    // As UAC there is no 2xx of ours to acknowledge, and a late or repeated ACK changes nothing.
    const auto cseq = ack.cseqView();
    if (!m_waitingForAck || !cseq.ok() || (*cseq)->sequence != m_acceptedSequenceNumber)
        return;
    auto self = shared_from_this();
    stopWaitingForAck();
    if (m_delegate)
        m_delegate->onAck(ack);
}

void SessionDialog::dispose()
{
    stopWaitingForAck();
    if (m_glareTimer)
        m_glareTimer->cancel();
    if (m_reinviteClient)
        m_reinviteClient->dispose();
    m_reinviteClient.reset();
    m_reinviteInProgress = false;
    if (m_updateClient)
        m_updateClient->dispose();
    m_updateOfferOpen = false;
    for (const auto &prack : m_pracks)
        prack->dispose();
    m_pracks.clear();
    if (m_bye)
        m_bye->dispose(); // kept for bye()'s callers, but no longer tied to the core
    Dialog::dispose();
}

void SessionDelegate::onInvite(const std::shared_ptr<InviteUserAgentServer> &server)
{
    server->reply(488);
}

void SessionDelegate::onInfo(const std::shared_ptr<UserAgentServer> &server)
{
    server->reply(501);
}

void SessionDelegate::onMessage(const std::shared_ptr<UserAgentServer> &server)
{
    server->reply(501);
}

void SessionDelegate::onNotify(const std::shared_ptr<UserAgentServer> &server)
{
    server->reply(481);
}

void SessionDelegate::onRefer(const std::shared_ptr<UserAgentServer> &server)
{
    server->reply(501);
}

void SessionDelegate::onSubscribe(const std::shared_ptr<UserAgentServer> &server)
{
    const auto event = EventHeader::of(server->message());
    if (event && lexical::equalsIgnoringCase(event->package, "refer")) {
        server->reply(481);
        return;
    }
    ResponseOptions options;
    options.extraHeaders = {{"Allow-Events", std::string(UserAgentCore::AllowEvents)}};
    server->reply(489, std::move(options));
}

void SessionDelegate::onUpdate(const std::shared_ptr<UserAgentServer> &server)
{
    server->reply(server->message().body().empty() ? 200 : 488);
}

} // namespace sipcore
