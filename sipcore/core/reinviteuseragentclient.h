#pragma once

#include "sipcore/core/useragentclient.h"

namespace sipcore {

class SessionDialog;

/// The client of a re-INVITE (RFC 3261 §14.1, SIP.js's ReInviteUserAgentClient). Each 2xx
/// goes to the dialog, which refreshes its remote target and ACKs it; the first also reaches
/// the delegate through onAccept. A 491 goes to the dialog, which tries again after the
/// §14.1 back-off, and not to the delegate. Construct with std::make_shared; the request
/// comes from SessionDialog::reinvite(), and the dialog outlives its client.
class ReinviteUserAgentClient final : public UserAgentClient
{
public:
    ReinviteUserAgentClient(SessionDialog &dialog,
                            UserAgentCore &core,
                            Request message,
                            OutgoingRequestDelegate *delegate);

protected:
    void dispatchResponse(const Response &response) override;

private:
    SessionDialog &m_dialog;
    bool m_accepted = false;
};

} // namespace sipcore
