#include "sipcore/core/dialog.h"

#include "sipcore/core/useragentcore.h"
#include "sipcore/core/useragentserver.h"

namespace sipcore {

Dialog::Dialog(UserAgentCore &core)
    : m_core(core)
    , m_logger(core.loggerFactory().getLogger("ringback.sip.core"))
{}

Dialog::~Dialog()
{
    Dialog::dispose();
}

std::string
Dialog::makeId(std::string_view callId, std::string_view localTag, std::string_view remoteTag)
{
    std::string id;
    id.append(callId).append(1, ';').append(localTag).append(1, ';').append(remoteTag);
    return id;
}

void Dialog::initializeAsUas(const Request &request,
                             std::string_view localTag,
                             std::string localContact)
{
    if (auto recordRoutes = request.recordRoutes(); recordRoutes.ok())
        m_routeSet = std::move(*recordRoutes);
    // A dialog-creating request must carry a Contact (§8.1.1.8); without a usable one, From
    // is the best guess.
    m_remoteTarget = request.from()->uri;
    refreshRemoteTarget(request);
    m_callId = request.callId().ok() ? *request.callId() : std::string();
    m_localUri = *request.to();
    m_localUri.parameters.set("tag", localTag);
    m_remoteUri = *request.from();
    m_localTag = std::string(localTag);
    m_remoteTag = std::string(m_remoteUri.tag().value_or(""));
    m_localContact = std::move(localContact);
    m_remoteSequenceNumber = request.cseq()->sequence;
}

void Dialog::registerWithCore()
{
    m_id = makeId(m_callId, m_localTag, m_remoteTag);
    m_core.addDialog(m_id, this);
    m_registered = true;
}

void Dialog::refreshRemoteTarget(const SipMessage &message)
{
    auto contacts = message.contacts();
    if (contacts.ok() && !contacts->empty() && contacts->front().uri.isSip())
        m_remoteTarget = contacts->front().uri;
}

Request Dialog::createRequest(std::string_view method)
{
    return createRequest(method, ++m_localSequenceNumber);
}

Request Dialog::createRequest(std::string_view method, std::uint32_t sequence) const
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
    request.addHeader("CSeq", std::to_string(sequence) + " " + std::string(method));
    request.addHeader("User-Agent", m_core.configuration().userAgent);
    return request;
}

void Dialog::receiveRequest(UserAgentServer &server)
{
    const auto cseq = server.message().cseqView();
    if (m_remoteSequenceNumber && cseq.ok() && (*cseq)->sequence <= *m_remoteSequenceNumber) {
        server.reply(500); // §12.2.2: out of order
        return;
    }
    if (cseq.ok())
        m_remoteSequenceNumber = (*cseq)->sequence;
    receiveInDialogRequest(server);
}

void Dialog::receiveAck(const Request &) {}

void Dialog::dispose()
{
    if (!m_registered)
        return;
    m_registered = false;
    m_core.removeDialog(m_id, this);
}

} // namespace sipcore
