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
    const auto targetDialog = m_targetDialog.lock();
    if (statusCode < 200 || statusCode >= 300 || m_dialog || (!outOfDialog && !targetDialog))
        return UserAgentServer::reply(statusCode, std::move(options));

    // §12.1.1: the 2xx to an initial INVITE copies every Record-Route value of the request;
    // any 2xx carries a Contact (§13.3.1.4), for a re-INVITE the dialog's.
    std::vector<HeaderLine> headers;
    if (outOfDialog) {
        for (std::string_view route : message().headerValues("Record-Route"))
            headers.push_back({"Record-Route", std::string(route)});
    }
    const auto given = std::find_if(
            options.extraHeaders.begin(), options.extraHeaders.end(),
            [](const HeaderLine &field) { return headerNameEquals(field.name, "Contact"); });
    std::string contact;
    if (given != options.extraHeaders.end())
        contact = given->value;
    else if (targetDialog && !targetDialog->localContact().empty())
        contact = targetDialog->localContact();
    else
        contact = m_core.contact(m_transaction->transport()).toString();
    if (given == options.extraHeaders.end())
        headers.push_back({"Contact", contact});
    if (std::string supported = m_core.supportedHeader(); !supported.empty())
        headers.push_back({"Supported", std::move(supported)});
    std::move(options.extraHeaders.begin(), options.extraHeaders.end(),
              std::back_inserter(headers));
    options.extraHeaders = std::move(headers);
    if (const std::error_code error = UserAgentServer::reply(statusCode, std::move(options)))
        return error;
    auto transaction = std::static_pointer_cast<InviteServerTransaction>(m_transaction);
    if (targetDialog) {
        m_targetDialog.reset(); // one 2xx per INVITE
        targetDialog->waitForAck(transaction, message().cseq()->sequence);
        return {};
    }
    m_dialog = SessionDialog::createAsUas(m_core, message(), toTag(), std::move(contact),
                                          transaction);
    return {};
}

} // namespace sipcore
