#include "sipcore/core/useragentserver.h"

#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/nameaddrview.h"
#include "sipcore/transaction/inviteservertransaction.h"
#include "sipcore/transaction/noninviteservertransaction.h"
#include "sipcore/transaction/outgoingresponse.h"
#include "sipcore/util/random.h"

namespace sipcore {

UserAgentServer::UserAgentServer(UserAgentCore &core,
                                 Request message,
                                 Endpoint source,
                                 Transport &transport,
                                 IncomingRequestDelegate *delegate)
    : m_core(core)
    , m_delegate(delegate)
{
    const auto to = message.toView();
    const auto tag = to.ok() ? (*to)->tag() : std::nullopt;
    m_toTag = tag ? std::string(*tag) : random::newTag();
    ServerTransactionUser *user = this;
    if (message.method == "INVITE")
        m_transaction = std::make_shared<InviteServerTransaction>(
                std::move(message), std::move(source), core.transactionContext(transport), user);
    else
        m_transaction = std::make_shared<NonInviteServerTransaction>(
                std::move(message), std::move(source), core.transactionContext(transport), user);
}

UserAgentServer::~UserAgentServer()
{
    dispose();
}

void UserAgentServer::start()
{
    m_core.addUserAgentServer(shared_from_this());
    m_transaction->start();
}

Response UserAgentServer::buildResponse(int statusCode, const ResponseOptions &options) const
{
    Response response
            = makeResponse(m_transaction->request(), statusCode,
                           statusCode > 100 ? std::string_view(m_toTag) : "", options.reasonPhrase);
    bool hasContact = false;
    for (const HeaderLine &field : options.extraHeaders) {
        hasContact = hasContact || headerNameEquals(field.name, "Contact");
        response.addHeader(field.name, field.value);
    }
    if (statusCode >= 200 && statusCode < 300 && !hasContact && !m_successContact.empty())
        response.addHeader("Contact", m_successContact);
    response.addHeader("Server", m_core.configuration().userAgent);
    if (!options.body.empty()) {
        response.addHeader("Content-Type", options.contentType);
        response.setBody(options.body);
    }
    return response;
}

std::error_code UserAgentServer::reply(int statusCode, ResponseOptions options)
{
    return m_transaction->respond(buildResponse(statusCode, options));
}

void UserAgentServer::receiveCancel(const Request &cancel)
{
    if (m_disposed || m_transaction->state() != TransactionState::Proceeding)
        return; // a final response went out already: the CANCEL changes nothing (§9.2)
    auto self = shared_from_this();
    if (m_delegate)
        m_delegate->onCancel(cancel);
    if (!m_disposed && m_transaction->state() == TransactionState::Proceeding)
        reply(487);
}

void UserAgentServer::dispose()
{
    if (m_disposed)
        return;
    m_disposed = true;
    m_transaction->dispose();
    m_core.removeUserAgentServer(m_transaction->id(), this);
}

void UserAgentServer::onTransportError(std::error_code error)
{
    if (m_disposed)
        return;
    auto self = shared_from_this();
    if (m_delegate)
        m_delegate->onTransportError(error);
}

void UserAgentServer::onStateChange(TransactionState state)
{
    if (state != TransactionState::Terminated)
        return;
    auto self = shared_from_this(); // the core holds the last reference
    m_core.removeUserAgentServer(m_transaction->id(), this);
}

} // namespace sipcore
