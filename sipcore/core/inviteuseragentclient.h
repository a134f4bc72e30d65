#pragma once

#include "sipcore/core/useragentclient.h"

#include <unordered_map>

namespace sipcore {

class SessionDialog;

/// The client of an initial INVITE (RFC 3261 §13.2, SIP.js's InviteUserAgentClient). Each
/// provisional response with a new To tag (other than 100) creates an early SessionDialog,
/// one per fork (§12.1.2). Each 2xx confirms the dialog of its To tag, or creates a confirmed
/// one: the first reaches the delegate through onAcceptSession; a later one (a fork that also
/// answered) is ACKed and then BYEd here (§13.2.2.4). A retransmitted 2xx gets the dialog's
/// ACK again. A final response other than 2xx ends every early dialog (§12.3); the early
/// dialogs of the other forks stay until this client is disposed, so that a 2xx from one of
/// them can still be ACKed and BYEd. Construct with std::make_shared (or
/// UserAgentCore::invite).
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
    /// The early dialogs, one per To tag of the provisional responses, not yet confirmed.
    std::vector<std::shared_ptr<SessionDialog>> earlyDialogs() const;
    void dispose() override;

protected:
    void dispatchResponse(const Response &response) override;

private:
    OutgoingInviteRequestDelegate *m_inviteDelegate;
    std::unordered_map<std::string, std::shared_ptr<SessionDialog>> m_dialogsByToTag;
    std::weak_ptr<SessionDialog> m_firstDialog;
    bool m_accepted = false; ///< the first 2xx went to the delegate
};

} // namespace sipcore
