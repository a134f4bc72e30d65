#include "sipcore/transaction/servertransaction.h"

#include "sipcore/syntax/cseqview.h"
#include "sipcore/syntax/nameaddrview.h"
#include "sipcore/syntax/viaview.h"
#include "sipcore/transport/nexthop.h"

#include <algorithm>

namespace sipcore {

namespace {

constexpr std::string_view MagicCookie = "z9hG4bK";

std::string_view tagOf(Result<const NameAddrView *> nameAddr)
{
    return nameAddr.ok() ? (*nameAddr)->tag().value_or("") : std::string_view();
}

} // namespace

ServerTransaction::ServerTransaction(Request request,
                                     Endpoint source,
                                     TransactionContext context,
                                     ServerTransactionUser *user)
    : Transaction(std::move(request), std::move(context), TransactionState::Proceeding)
    , m_user(user)
    , m_requestToTag(tagOf(m_request.toView()))
{
    m_id = idFor(m_request);
    if (m_context.transport.isReliable())
        m_destination = std::move(source);
    else if (auto via = m_request.topVia(); via.ok())
        m_destination = responseDestinationFor(*via);
}

ServerTransaction::~ServerTransaction() = default;

std::string ServerTransaction::idFor(const Request &request, std::string_view method)
{
    const auto via = request.topViaView();
    const auto cseq = request.cseqView();
    if (!via.ok() || !cseq.ok())
        return {};
    if (method.empty())
        method = request.method == "ACK" ? std::string_view("INVITE") : request.method;
    std::string id;
    const std::string_view branch = (*via)->branch().value_or("");
    if (branch.starts_with(MagicCookie)) {
        // §17.2.3: branch, sent-by and method. Host names compare case-insensitively.
        const HostPortView &sentBy = (*via)->sentBy;
        id.reserve(branch.size() + sentBy.host.size() + method.size() + 8);
        id.append(branch).append(1, ' ');
        std::transform(sentBy.host.begin(), sentBy.host.end(), std::back_inserter(id),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        id.append(1, ':').append(sentBy.port ? std::to_string(*sentBy.port) : std::string());
        id.append(1, ' ').append(method);
        return id;
    }
    // RFC 2543 (§17.2.3, last paragraphs). An INVITE's To tag is left to matches(): its ACK
    // carries the tag of our response, not the INVITE's.
    const auto callId = request.callIdView();
    id.append("2543 ").append(request.requestUriView().text);
    id.append(1, ' ').append(tagOf(request.fromView()));
    id.append(1, ' ').append(callId.ok() ? *callId : std::string_view());
    id.append(1, ' ').append(std::to_string((*cseq)->sequence)).append(1, ' ').append(method);
    id.append(1, ' ').append(request.headerValues("Via").front());
    if (method != "INVITE")
        id.append(1, ' ').append(tagOf(request.toView()));
    return id;
}

bool ServerTransaction::matches(const Request &request) const
{
    if (!m_id.starts_with("2543 ") || m_request.method != "INVITE")
        return true; // the id said it all
    const std::string_view toTag = tagOf(request.toView());
    return toTag == (request.method == "ACK" ? m_responseToTag : m_requestToTag);
}

void ServerTransaction::sendResponse(const Response &response)
{
    m_lastResponse = response.serialize();
    m_lastStatusCode = response.statusCode;
    if (const std::string_view tag = tagOf(response.toView()); !tag.empty())
        m_responseToTag = std::string(tag);
    sendBytes(m_lastResponse);
}

void ServerTransaction::resendResponse()
{
    if (!m_lastResponse.empty())
        sendBytes(m_lastResponse);
}

void ServerTransaction::sendBytes(const std::string &bytes)
{
    std::weak_ptr<ServerTransaction> weak = weak_from_this();
    m_context.transport.send(bytes, m_destination, [weak](std::error_code ec) {
        auto self = weak.lock();
        if (!ec || !self || self->m_state == TransactionState::Terminated)
            return;
        // §17.2.4: a response that cannot be sent ends the transaction, and the TU learns it.
        self->m_context.logger.warning(self->m_id + ": transport error: " + ec.message());
        self->m_user->onTransportError(ec);
        if (self->m_state != TransactionState::Terminated) // unless disposed meanwhile
            self->setState(TransactionState::Terminated);
    });
}

} // namespace sipcore
