#include "sipcore/session/refernotifier.h"

#include "sipcore/core/eventheader.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentclient.h"

namespace sipcore {

ReferNotifier::ReferNotifier(std::shared_ptr<SessionDialog> dialog, std::uint32_t referSequence)
    : m_dialog(std::move(dialog))
    , m_id(std::to_string(referSequence))
{}

ReferNotifier::~ReferNotifier()
{
    dispose();
}

void ReferNotifier::report(int statusCode, std::string reasonPhrase)
{
    if (m_terminated || m_stopped)
        return;
    m_terminated = statusCode >= 200;
    m_lastStatusCode = statusCode;
    m_lastReasonPhrase = reasonPhrase;
    m_waiting = Report{statusCode, std::move(reasonPhrase)};
    sendNext();
}

bool ReferNotifier::takesSubscribe(const EventHeader &event) const
{
    return !m_stopped && (event.id.empty() || event.id == m_id);
}

void ReferNotifier::refresh(std::uint32_t expires)
{
    // Not terminated by this: the referral is still under way, and a second REFER meanwhile
    // gets 491 as before.
    m_expires = expires;
    m_unsubscribed = expires == 0;
    if (!m_waiting) // else the report waiting is the current state
        m_waiting = Report{m_lastStatusCode, m_lastReasonPhrase};
    sendNext();
}

void ReferNotifier::sendNext()
{
    if (m_client || !m_waiting || m_stopped)
        return;
    const Report report = std::move(*m_waiting);
    m_waiting.reset();
    DialogRequestOptions options;
    options.contentType = "message/sipfrag;version=2.0";
    options.body
            = "SIP/2.0 " + std::to_string(report.statusCode) + " " + report.reasonPhrase + "\r\n";
    const bool final = report.statusCode >= 200 || m_unsubscribed;
    const std::string state = report.statusCode >= 200 ? "terminated;reason=noresource"
                              : m_unsubscribed         ? "terminated;reason=timeout"
                                               : "active;expires=" + std::to_string(m_expires);
    options.extraHeaders = {{"Event", "refer"}, {"Subscription-State", state}};
    m_client = m_dialog->request("NOTIFY", std::move(options), this);
    if (!m_client)
        m_stopped = true; // the dialog has ended
    else if (final)
        m_stopped = !m_waiting; // the final NOTIFY is the last
}

void ReferNotifier::onAccept(const Response &)
{
    m_client.reset();
    sendNext();
}

void ReferNotifier::onRedirect(const Response &response)
{
    onReject(response);
}

void ReferNotifier::onReject(const Response &)
{
    // RFC 6665 §4.2.2: a NOTIFY refused ends the subscription.
    m_client.reset();
    m_waiting.reset();
    m_stopped = true;
    m_terminated = true;
}

void ReferNotifier::dispose()
{
    m_stopped = true;
    m_waiting.reset();
    if (m_client)
        m_client->dispose();
    m_client.reset();
}

} // namespace sipcore
