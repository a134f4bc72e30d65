#include "sipcore/core/inviteuseragentclient.h"

#include "sipcore/core/sessiondialog.h"

namespace sipcore {

InviteUserAgentClient::InviteUserAgentClient(UserAgentCore &core,
                                             Request message,
                                             OutgoingInviteRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::Invite, core, std::move(message), delegate)
    , m_inviteDelegate(delegate)
{}

InviteUserAgentClient::~InviteUserAgentClient() = default;

void InviteUserAgentClient::setDelegate(OutgoingInviteRequestDelegate *delegate)
{
    m_inviteDelegate = delegate;
    UserAgentClient::setDelegate(delegate);
}

void InviteUserAgentClient::dispatchResponse(const Response &response)
{
    if (response.statusCode < 200 || response.statusCode >= 300)
        return UserAgentClient::dispatchResponse(response);

    auto to = response.to();
    const std::string toTag(to.ok() ? to->tag().value_or("") : "");
    if (auto it = m_dialogsByToTag.find(toTag); it != m_dialogsByToTag.end()) {
        it->second->resendAck(); // a 2xx retransmission (our ACK was lost)
        return;
    }
    auto dialog = SessionDialog::createAsUac(m_core, message(), response);
    m_dialogsByToTag.emplace(toTag, dialog);
    if (!m_firstDialog.expired() || !m_inviteDelegate) {
        m_logger.info("a second 2xx (To tag " + toTag + "): ACK and BYE it");
        dialog->ack();
        dialog->bye(nullptr);
        return;
    }
    m_firstDialog = dialog;
    m_inviteDelegate->onAcceptSession(response, dialog);
}

} // namespace sipcore
