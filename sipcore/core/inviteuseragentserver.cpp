#include "sipcore/core/inviteuseragentserver.h"

#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/transaction/inviteservertransaction.h"
#include "sipcore/transaction/transactionerror.h"
#include "sipcore/util/random.h"

#include <algorithm>

namespace sipcore {

namespace {

constexpr std::string_view Reliable = "100rel";

} // namespace

InviteUserAgentServer::InviteUserAgentServer(UserAgentCore &core,
                                             Request message,
                                             Endpoint source,
                                             Transport &transport,
                                             IncomingRequestDelegate *delegate)
    : UserAgentServer(core, std::move(message), std::move(source), transport, delegate)
{}

InviteUserAgentServer::~InviteUserAgentServer() = default;

Result<std::shared_ptr<SessionDialog>> InviteUserAgentServer::accept(ResponseOptions options,
                                                                     int statusCode)
{
    if (const std::error_code error = reply(statusCode, std::move(options)))
        return error;
    return m_dialog;
}

std::error_code InviteUserAgentServer::reply(int statusCode, ResponseOptions options)
{
    const auto to = message().toView();
    if (!to.ok() || (*to)->tag())
        return replyInDialog(statusCode, std::move(options));
    if (statusCode <= 100 || m_transaction->state() != TransactionState::Proceeding)
        return UserAgentServer::reply(statusCode, std::move(options));
    if (m_waitingAccept)
        return TransactionError::AlreadyFinal;
    if (statusCode < 200) {
        std::string contact = addDialogHeaders(options, true, {});
        if (!sendsReliably(options))
            return UserAgentServer::reply(statusCode, std::move(options));
        if (m_unacknowledged) {
            m_waitingProvisionals.push_back({statusCode, std::move(options)});
            return {};
        }
        return sendReliably(statusCode, std::move(options), std::move(contact));
    }
    if (statusCode < 300) {
        if (m_unacknowledged) {
            m_waitingProvisionals.clear(); // a final response makes them pointless
            m_waitingAccept = Waiting{statusCode, std::move(options)};
            return {};
        }
        return sendAccept(statusCode, std::move(options));
    }
    // §12.3: a final response other than 2xx ends the early dialog.
    stopReliable();
    if (m_dialog)
        m_dialog->dispose();
    return UserAgentServer::reply(statusCode, std::move(options));
}

std::error_code InviteUserAgentServer::replyInDialog(int statusCode, ResponseOptions options)
{
    const auto targetDialog = m_targetDialog.lock();
    if (statusCode < 200 || statusCode >= 300 || !targetDialog)
        return UserAgentServer::reply(statusCode, std::move(options));
    addDialogHeaders(options, false, targetDialog->localContact());
    if (const std::error_code error = UserAgentServer::reply(statusCode, std::move(options)))
        return error;
    m_targetDialog.reset(); // one 2xx per INVITE
    targetDialog->waitForAck(std::static_pointer_cast<InviteServerTransaction>(m_transaction),
                             message().cseq()->sequence);
    return {};
}

std::string InviteUserAgentServer::addDialogHeaders(ResponseOptions &options,
                                                    bool recordRoute,
                                                    std::string contact)
{
    // §12.1.1: a response that makes a dialog copies every Record-Route value of the request;
    // it and any 2xx carry a Contact (§13.3.1.4), within a dialog the dialog's.
    std::vector<HeaderLine> headers;
    if (recordRoute) {
        for (std::string_view route : message().headerValues("Record-Route"))
            headers.push_back({"Record-Route", std::string(route)});
    }
    const auto given = std::find_if(
            options.extraHeaders.begin(), options.extraHeaders.end(),
            [](const HeaderLine &field) { return headerNameEquals(field.name, "Contact"); });
    if (given != options.extraHeaders.end()) {
        contact = given->value;
    } else {
        if (contact.empty() && m_dialog)
            contact = m_dialog->localContact();
        if (contact.empty())
            contact = m_core.contact(m_transaction->transport()).toString();
        headers.push_back({"Contact", contact});
    }
    if (std::string supported = m_core.supportedHeader(); !supported.empty())
        headers.push_back({"Supported", std::move(supported)});
    std::move(options.extraHeaders.begin(), options.extraHeaders.end(),
              std::back_inserter(headers));
    options.extraHeaders = std::move(headers);
    return contact;
}

bool InviteUserAgentServer::sendsReliably(const ResponseOptions &options) const
{
    return m_core.supports(Reliable)
           && (message().listsValue("Require", Reliable)
               || (!options.body.empty() && message().listsValue("Supported", Reliable)));
}

std::error_code
InviteUserAgentServer::sendReliably(int statusCode, ResponseOptions options, std::string contact)
{
    // §3: the first RSeq is random in 1 .. 2^31-1, each later one the next number.
    m_rseq = m_rseq == 0 ? random::between(1, 0x7fffffff) : m_rseq + 1;
    options.extraHeaders.push_back({"Require", std::string(Reliable)});
    options.extraHeaders.push_back({"RSeq", std::to_string(m_rseq)});
    Response response = buildResponse(statusCode, options);
    if (const std::error_code error = m_transaction->respond(response))
        return error;
    if (!m_dialog)
        m_dialog = SessionDialog::createEarlyAsUas(
                m_core, message(), toTag(), std::move(contact),
                std::static_pointer_cast<InviteUserAgentServer>(shared_from_this()));
    if (!response.body().empty())
        m_dialog->initialOfferAnswered();
    m_unacknowledged = std::move(response);
    if (!m_prackTimer)
        m_prackTimer = m_core.timers().createTimer();
    m_prackInterval = m_core.configuration().timers.t1;
    m_prackElapsed = Duration{0};
    scheduleRetransmission();
    return {};
}

std::error_code InviteUserAgentServer::sendAccept(int statusCode, ResponseOptions options)
{
    std::string contact = addDialogHeaders(options, true, {});
    if (const std::error_code error = UserAgentServer::reply(statusCode, std::move(options)))
        return error;
    stopReliable();
    auto transaction = std::static_pointer_cast<InviteServerTransaction>(m_transaction);
    if (m_dialog)
        m_dialog->confirmAsUas(transaction, message().cseq()->sequence);
    else
        m_dialog = SessionDialog::createAsUas(m_core, message(), toTag(), std::move(contact),
                                              transaction);
    return {};
}

void InviteUserAgentServer::scheduleRetransmission()
{
    // §3: re-sent after T1, 2·T1, 4·T1, … (no T2 cap) until the PRACK or 64·T1.
    const Duration giveUp = 64 * m_core.configuration().timers.t1;
    const Duration delay = std::min(m_prackInterval, giveUp - m_prackElapsed);
    m_prackTimer->start(delay, [this, delay, giveUp] {
        auto self = shared_from_this(); // the delegate may drop its reference
        m_prackElapsed += delay;
        if (m_prackElapsed < giveUp) {
            m_transaction->respond(*m_unacknowledged);
            m_prackInterval *= 2;
            scheduleRetransmission();
            return;
        }
        ResponseOptions options;
        options.reasonPhrase = "No PRACK";
        reply(500, std::move(options));
        if (m_delegate)
            m_delegate->onPrackTimeout();
    });
}

void InviteUserAgentServer::stopReliable()
{
    m_unacknowledged.reset();
    m_waitingProvisionals.clear();
    m_waitingAccept.reset();
    if (m_prackTimer)
        m_prackTimer->cancel();
}

void InviteUserAgentServer::dispose()
{
    stopReliable();
    m_prackTimer.reset(); // may not outlive the core's timers
    if (m_dialog && m_dialog->isEarly())
        m_dialog->dispose();
    UserAgentServer::dispose();
}

void InviteUserAgentServer::receivePrack(UserAgentServer &prack)
{
    const auto value = prack.message().singleValue(HeaderId::RAck, SyntaxError::DuplicateHeader);
    const RAckView *rack = value.ok() ? (*value)->as<RAckView>() : nullptr;
    if (!m_unacknowledged || !rack || rack->responseNumber != m_rseq
        || rack->sequence != message().cseq()->sequence
        || !lexical::equalsIgnoringCase(rack->method, "INVITE")) {
        prack.reply(481); // §3: no such reliable provisional response awaits its PRACK
        return;
    }
    if (delegate())
        delegate()->onPrack(prack.message());
    prack.reply(200);
    m_unacknowledged.reset();
    m_prackTimer->cancel();
    auto self = shared_from_this();
    if (!m_waitingProvisionals.empty()) {
        Waiting next = std::move(m_waitingProvisionals.front());
        m_waitingProvisionals.pop_front();
        sendReliably(next.statusCode, std::move(next.options), m_dialog->localContact());
    } else if (m_waitingAccept) {
        Waiting accept = std::move(*m_waitingAccept);
        m_waitingAccept.reset();
        sendAccept(accept.statusCode, std::move(accept.options));
    }
}

} // namespace sipcore
