#include "sipcore/core/inviteuseragentserver.h"

#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/headernames.h"
#include "sipcore/transaction/inviteservertransaction.h"

#include <algorithm>

namespace sipcore {

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
    const bool outOfDialog = to.ok() && !(*to)->tag();
    if (statusCode < 200 || statusCode >= 300 || m_dialog || !outOfDialog)
        return UserAgentServer::reply(statusCode, std::move(options));

    // §12.1.1: the 2xx copies every Record-Route value of the request and carries a Contact.
    std::vector<HeaderLine> headers;
    for (std::string_view route : message().headerValues("Record-Route"))
        headers.push_back({"Record-Route", std::string(route)});
    const bool hasContact = std::any_of(
            options.extraHeaders.begin(), options.extraHeaders.end(),
            [](const HeaderLine &field) { return headerNameEquals(field.name, "Contact"); });
    if (!hasContact)
        headers.push_back({"Contact", m_core.contact(m_transaction->transport()).toString()});
    std::move(options.extraHeaders.begin(), options.extraHeaders.end(),
              std::back_inserter(headers));
    options.extraHeaders = std::move(headers);
    if (const std::error_code error = UserAgentServer::reply(statusCode, std::move(options)))
        return error;
    m_dialog = SessionDialog::createAsUas(
            m_core, message(), toTag(),
            std::static_pointer_cast<InviteServerTransaction>(m_transaction));
    return {};
}

} // namespace sipcore
