#include "sipcore/core/reinviteuseragentclient.h"

#include "sipcore/core/sessiondialog.h"

namespace sipcore {

ReinviteUserAgentClient::ReinviteUserAgentClient(SessionDialog &dialog,
                                                 UserAgentCore &core,
                                                 Request message,
                                                 OutgoingRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::Invite, core, std::move(message), delegate)
    , m_dialog(dialog)
{}

void ReinviteUserAgentClient::dispatchResponse(const Response &response)
{
    if (response.statusCode >= 200 && response.statusCode < 300) {
        m_dialog.reinviteAccepted(response);
        if (std::exchange(m_accepted, true))
            return; // a retransmission: ACKed again, nothing new for the delegate
    } else if (response.statusCode >= 300 && m_dialog.reinviteFailed(response)) {
        return;
    }
    UserAgentClient::dispatchResponse(response);
}

} // namespace sipcore
