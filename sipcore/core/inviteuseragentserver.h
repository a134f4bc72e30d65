#pragma once

#include "sipcore/core/useragentserver.h"
#include "sipcore/util/result.h"
#include "sipcore/util/timer.h"

#include <deque>
#include <memory>
#include <optional>

namespace sipcore {

class SessionDialog;

/// The server of an INVITE (RFC 3261 §13.3, SIP.js's InviteUserAgentServer). Each response
/// above 100 to an out-of-dialog INVITE carries our Contact and the request's Record-Route
/// values (§12.1.1). The first 2xx, sent through accept() or reply(), creates a confirmed UAS
/// SessionDialog (or confirms the early one), which re-sends that 2xx until its ACK arrives
/// (§13.3.1.4). This server keeps the dialog until it goes itself (when its transaction ends,
/// 64·T1 after the 2xx); the layer above keeps it for as long as the session lasts. For a
/// re-INVITE the dialog it belongs to does the same: a 2xx carries the dialog's Contact and is
/// re-sent until its ACK.
///
/// Reliable provisional responses (RFC 3262 §3): a 101-199 goes reliably when the INVITE
/// requires 100rel, or supports it and the response has a body, provided the core supports
/// 100rel. It carries Require: 100rel and the next RSeq (the first one random), creates the
/// early dialog that the 2xx later confirms, and is re-sent after T1, 2·T1, 4·T1, … until
/// the PRACK naming it arrives (through that dialog: receivePrack()). Until then a later
/// reliable provisional response waits its turn, and so does a 2xx: §3 requires that only
/// when the unacknowledged response has a body, but waiting always keeps the peer's PRACK
/// transaction ahead of our 2xx, as PJSIP does. Any other final response goes at once and
/// ends the re-sending. After 64·T1 without the PRACK the INVITE is answered 500 (a waiting
/// 2xx is dropped) and the delegate hears onPrackTimeout().
///
/// Construct with std::make_shared and start() (the core does).
class InviteUserAgentServer final : public UserAgentServer
{
public:
    InviteUserAgentServer(UserAgentCore &core,
                          Request message,
                          Endpoint source,
                          Transport &transport,
                          IncomingRequestDelegate *delegate = nullptr);
    ~InviteUserAgentServer() override;

    /// Sends a 2xx (\a statusCode, 200 by default) and returns the dialog it confirms (a 2xx
    /// that waits for a PRACK confirms it when it goes); the errors are reply()'s.
    Result<std::shared_ptr<SessionDialog>> accept(ResponseOptions options = {},
                                                  int statusCode = 200);
    /// As UserAgentServer::reply, with the dialog and reliability rules above. A response that
    /// waits its turn returns no error; a 2xx after one that waits returns AlreadyFinal.
    std::error_code reply(int statusCode, ResponseOptions options = {}) override;
    /// The dialog: early from the first reliable provisional response, confirmed by the 2xx.
    const std::shared_ptr<SessionDialog> &dialog() const { return m_dialog; }
    /// A re-INVITE: the dialog it belongs to (SessionDialog sets it).
    void setDialog(std::weak_ptr<SessionDialog> dialog) { m_targetDialog = std::move(dialog); }
    /// True while a reliable provisional response waits for its PRACK.
    bool isAwaitingPrack() const { return m_unacknowledged.has_value(); }

    /// Also stops re-sending a reliable provisional response and ends the early dialog.
    void dispose() override;

    /// A PRACK that the early dialog received (RFC 3262 §3): 200 when its RAck names the
    /// reliable provisional response awaiting its PRACK, which is then no longer re-sent, and
    /// what waited for it goes out; 481 otherwise.
    void receivePrack(UserAgentServer &prack);

private:
    struct Waiting
    {
        int statusCode = 0;
        ResponseOptions options = {};
    };

    /// A response to an INVITE within a dialog (a re-INVITE).
    std::error_code replyInDialog(int statusCode, ResponseOptions options);
    /// Puts Record-Route (when \a recordRoute), Contact (unless \a options has one; \a contact
    /// or ours) and Supported before the fields of \a options; returns the Contact.
    std::string addDialogHeaders(ResponseOptions &options, bool recordRoute, std::string contact);
    /// Whether a provisional response with \a options goes reliably (see the class comment).
    bool sendsReliably(const ResponseOptions &options) const;
    /// Sends a reliable provisional response and re-sends it until its PRACK.
    std::error_code sendReliably(int statusCode, ResponseOptions options, std::string contact);
    /// Sends the 2xx of an out-of-dialog INVITE and confirms or creates the dialog.
    std::error_code sendAccept(int statusCode, ResponseOptions options);
    /// Arms the next re-send of the unacknowledged response, or the 500 after 64·T1.
    void scheduleRetransmission();
    /// Stops re-sending and drops what waited for the PRACK.
    void stopReliable();

    std::shared_ptr<SessionDialog> m_dialog;
    std::weak_ptr<SessionDialog> m_targetDialog;
    // RFC 3262 §3.
    std::uint32_t m_rseq = 0;                 ///< of the last reliable provisional response sent
    std::optional<Response> m_unacknowledged; ///< re-sent until its PRACK
    std::deque<Waiting> m_waitingProvisionals;
    std::optional<Waiting> m_waitingAccept; ///< a 2xx behind an unacknowledged response
    std::unique_ptr<Timer> m_prackTimer;
    Duration m_prackInterval{0};
    Duration m_prackElapsed{0};
};

} // namespace sipcore
