#pragma once

#include "sipcore/core/useragentserver.h"
#include "sipcore/util/result.h"

#include <memory>

namespace sipcore {

class SessionDialog;

/// The server of an INVITE (RFC 3261 §13.3, SIP.js's InviteUserAgentServer). The first 2xx
/// sent for an out-of-dialog INVITE, through accept() or reply(), carries our Contact and the
/// request's Record-Route values and creates a confirmed UAS SessionDialog (§12.1.1), which
/// re-sends that 2xx until its ACK arrives (§13.3.1.4). This server keeps the dialog until it
/// goes itself (when its transaction ends, 64·T1 after the 2xx); the layer above keeps it for
/// as long as the session lasts. For a re-INVITE the dialog it belongs to does the same: a
/// 2xx carries the dialog's Contact and is re-sent until its ACK. Construct with
/// std::make_shared and start() (the core does).
class InviteUserAgentServer final : public UserAgentServer
{
public:
    InviteUserAgentServer(UserAgentCore &core,
                          Request message,
                          Endpoint source,
                          Transport &transport,
                          IncomingRequestDelegate *delegate = nullptr);
    ~InviteUserAgentServer() override;

    /// Sends a 2xx (\a statusCode, 200 by default) and returns the dialog it confirmed; the
    /// errors are reply()'s.
    Result<std::shared_ptr<SessionDialog>> accept(ResponseOptions options = {},
                                                  int statusCode = 200);
    /// As UserAgentServer::reply; a 2xx creates the dialog as described above (a later 2xx is
    /// only sent again).
    std::error_code reply(int statusCode, ResponseOptions options = {}) override;
    /// The dialog of the 2xx, once one was sent.
    const std::shared_ptr<SessionDialog> &dialog() const { return m_dialog; }
    /// A re-INVITE: the dialog it belongs to (SessionDialog sets it).
    void setDialog(std::weak_ptr<SessionDialog> dialog) { m_targetDialog = std::move(dialog); }

private:
    std::shared_ptr<SessionDialog> m_dialog;
    std::weak_ptr<SessionDialog> m_targetDialog;
};

} // namespace sipcore
