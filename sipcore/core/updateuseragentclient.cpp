#include "sipcore/core/updateuseragentclient.h"

#include "sipcore/core/sessiondialog.h"

namespace sipcore {

UpdateUserAgentClient::UpdateUserAgentClient(SessionDialog &dialog,
                                             UserAgentCore &core,
                                             Request message,
                                             OutgoingRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::NonInvite, core, std::move(message), delegate)
    , m_dialog(dialog)
{}

void UpdateUserAgentClient::dispatchResponse(const Response &response)
{
    if (response.statusCode >= 200)
        m_dialog.updateDone(response);
    UserAgentClient::dispatchResponse(response);
}

} // namespace sipcore
