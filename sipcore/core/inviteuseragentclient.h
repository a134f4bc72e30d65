#pragma once

#include "sipcore/core/useragentclient.h"

#include <unordered_map>

namespace sipcore {

class SessionDialog;

/// The client of an initial INVITE (RFC 3261 §13.2, SIP.js's InviteUserAgentClient). Each 2xx
/// with a new To tag creates a confirmed SessionDialog: the first reaches the delegate
/// through onAcceptSession; a later one (a fork that also answered) is ACKed and then BYEd
/// here (§13.2.2.4). A retransmitted 2xx gets the dialog's ACK again. Construct with
/// std::make_shared (or UserAgentCore::invite).
class InviteUserAgentClient final : public UserAgentClient
{
public:
    InviteUserAgentClient(UserAgentCore &core,
                          Request message,
                          OutgoingInviteRequestDelegate *delegate);
    ~InviteUserAgentClient() override;

    void setDelegate(OutgoingInviteRequestDelegate *delegate);
    /// The dialog of the first 2xx, once there is one.
    std::shared_ptr<SessionDialog> dialog() const { return m_firstDialog.lock(); }

protected:
    void dispatchResponse(const Response &response) override;

private:
    OutgoingInviteRequestDelegate *m_inviteDelegate;
    std::unordered_map<std::string, std::shared_ptr<SessionDialog>> m_dialogsByToTag;
    std::weak_ptr<SessionDialog> m_firstDialog;
};

} // namespace sipcore
