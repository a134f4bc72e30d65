#pragma once

#include "sipcore/core/useragentclient.h"

namespace sipcore {

class SessionDialog;

/// The client of an UPDATE (RFC 3311, SIP.js's UpdateUserAgentClient). Its final response
/// goes to the dialog first, which takes a 2xx's Contact as the remote target (§5.1) and
/// counts our offer answered or refused, then to the delegate. Construct with
/// std::make_shared; the request comes from SessionDialog::update(), and the dialog outlives
/// its client.
class UpdateUserAgentClient final : public UserAgentClient
{
public:
    UpdateUserAgentClient(SessionDialog &dialog,
                          UserAgentCore &core,
                          Request message,
                          OutgoingRequestDelegate *delegate);

protected:
    void dispatchResponse(const Response &response) override;

private:
    SessionDialog &m_dialog;
};

} // namespace sipcore
