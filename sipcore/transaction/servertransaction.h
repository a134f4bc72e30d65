#pragma once

#include "sipcore/transaction/servertransactionuser.h"
#include "sipcore/transaction/transaction.h"

#include <memory>

namespace sipcore {

/// Base of the INVITE and non-INVITE server transactions (RFC 3261 §17.2). Create with
/// std::make_shared, then start(). Lives on the core thread. The user is not owned and must
/// dispose() the transaction before it goes away.
class ServerTransaction : public Transaction, public std::enable_shared_from_this<ServerTransaction>
{
public:
    /// \a source is where \a request came from: over a reliable transport the responses go
    /// back there, on the request's connection (§18.2.2).
    ServerTransaction(Request request,
                      Endpoint source,
                      TransactionContext context,
                      ServerTransactionUser *user);
    ~ServerTransaction() override;

    /// The key a request is matched by (§17.2.3). With an RFC 3261 branch (magic cookie
    /// "z9hG4bK"): that branch, the top Via's sent-by and the method. Otherwise (RFC 2543):
    /// Request-URI, From tag, Call-ID, CSeq number and method, the whole top Via, and the To
    /// tag except for INVITE, whose To tag is left to matches(). ACK counts as INVITE; \a
    /// method, when given, replaces the
    /// request's (a CANCEL looks for the "INVITE" it targets). Empty when the request has no
    /// usable top Via or CSeq.
    static std::string idFor(const Request &request, std::string_view method = {});

    /// Where responses go (§18.2.2, RFC 3581): over a reliable transport the request's source;
    /// otherwise the top Via's received and rport, else its sent-by.
    const Endpoint &responseDestination() const { return m_destination; }
    /// The To tag of the last response sent, empty before one with a tag.
    const std::string &responseToTag() const { return m_responseToTag; }

    /// True when \a request, whose id is this transaction's, belongs to it. Always, except for
    /// an RFC 2543 INVITE transaction: there the To tag must match too, the INVITE's, or for
    /// an ACK the tag of our response (§17.2.3).
    bool matches(const Request &request) const;

    /// Arms the timers of the first state.
    virtual void start() {}
    /// A request whose id is this transaction's and that matches(): a retransmission, or for
    /// an INVITE the ACK.
    virtual void receiveRequest(const Request &request) = 0;
    /// Sends the TU's \a response. Fails with TransactionError::AlreadyFinal after a final
    /// response (RFC 3261 §17.2.2 discards it; an INVITE's 2xx may be repeated in Accepted)
    /// and TransactionError::Terminated once the transaction has ended.
    virtual std::error_code respond(const Response &response) = 0;

protected:
    /// Serialises \a response, keeps it as the one to retransmit, and sends it.
    void sendResponse(const Response &response);
    /// Sends the last response again.
    void resendResponse();
    bool isReliable() const { return m_context.transport.isReliable(); }
    void notifyStateChange(TransactionState state) override { m_user->onStateChange(state); }

    ServerTransactionUser *m_user;
    Endpoint m_destination;
    std::string m_lastResponse; // the bytes of the last response sent
    int m_lastStatusCode = 0;

private:
    void sendBytes(const std::string &bytes);

    std::string m_responseToTag;
    std::string m_requestToTag;
};

} // namespace sipcore
