#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/transaction/clienttransaction.h"
#include "sipcore/transport/serverlocator.h"

#include <memory>
#include <optional>

namespace sipcore {

class UserAgentCore;
class CancelUserAgentClient;

/// Options for cancel() (SIP.js's RequestOptions).
struct CancelOptions
{
    std::vector<HeaderLine> extraHeaders;
};

/// A user-agent client (RFC 3261 §8.1, SIP.js's UserAgentClient): owns the client transaction
/// of one outgoing request and turns its responses into delegate calls. Construct with
/// std::make_shared: the constructor adds a Via (unless the message has one, as a CANCEL
/// does), registers with the core and sends. Where the next hop is a domain and the core has
/// a ServerLocator, the server is located first (RFC 3263), and a transport error, a 503 or a
/// timeout sends the request again, with a new branch, to the next target (§4.3); the
/// delegate hears the last target's failure. Lives on the core thread; the core outlives it.
class UserAgentClient :
    public std::enable_shared_from_this<UserAgentClient>,
    protected ClientTransactionUser
{
public:
    enum class TransactionKind { Invite, NonInvite };

    /// \a target: where to send, skipping server location (a CANCEL goes where its INVITE
    /// went).
    UserAgentClient(TransactionKind kind,
                    UserAgentCore &core,
                    Request message,
                    OutgoingRequestDelegate *delegate,
                    std::optional<ServerTarget> target = std::nullopt);
    virtual ~UserAgentClient();
    UserAgentClient(const UserAgentClient &) = delete;
    UserAgentClient &operator=(const UserAgentClient &) = delete;

    /// The request as sent; as given while the server is being located.
    const Request &message() const { return m_transaction ? m_transaction->request() : m_request; }
    OutgoingRequestDelegate *delegate() const { return m_delegate; }
    void setDelegate(OutgoingRequestDelegate *delegate) { m_delegate = delegate; }
    const LoggerFactory &loggerFactory() const;
    /// The client transaction to the current target; nullptr while the server is being located.
    ClientTransaction *transaction() const { return m_transaction.get(); }
    /// Where the request went (or goes): the targets server location found, or the one next hop.
    const std::vector<ServerTarget> &targets() const { return m_targets; }

    /// Stops the transaction and the timers, unregisters, and calls the delegate no more.
    /// Idempotent.
    virtual void dispose();

    /// Cancels the request (RFC 3261 §9.1) and returns the CANCEL, which copies the
    /// Request-URI, Call-ID, From, To, CSeq number, Route headers and top Via of the request
    /// and carries \a reason as a Reason header (RFC 3326) when given. The CANCEL is sent once
    /// the transaction is Proceeding: at once if it is, else when the first provisional
    /// response arrives; if a final response comes first, nothing is sent. While the server is
    /// still being located the INVITE is never sent and the delegate gets a synthetic 487. A second
    /// call returns the same CANCEL and sends nothing more. If no final response follows within
    /// 64·T1 of sending it, the transaction is given up and the delegate gets a synthetic 408
    /// (§9.1: "consider the transaction cancelled"). Only INVITE can be cancelled.
    virtual Result<Request> cancel(std::string_view reason = {}, CancelOptions options = {});
    /// True once cancel() was called.
    bool isCancelRequested() const { return m_cancelRequest.has_value(); }
    /// The CANCEL's own client, once it was sent.
    const std::shared_ptr<CancelUserAgentClient> &cancelClient() const { return m_cancelClient; }

protected:
    // ClientTransactionUser
    void receiveResponse(const Response &response) override;
    void onRequestTimeout() override;
    void onTransportError(std::error_code error) override;
    void onStateChange(TransactionState state) override;

    /// Passes a response to the delegate by class (1xx/2xx/3xx/4xx-6xx).
    virtual void dispatchResponse(const Response &response);
    /// A response made here (408, 503) for the delegate.
    Response syntheticResponse(int statusCode, std::string_view reasonPhrase = {}) const;

    UserAgentCore &m_core;
    OutgoingRequestDelegate *m_delegate;
    Logger m_logger;
    std::shared_ptr<ClientTransaction> m_transaction;
    bool m_disposed = false;

private:
    void sendCancel();
    /// Server location finished with \a targets (empty: nothing found).
    void located(std::vector<ServerTarget> targets);
    /// Sends the request in a new transaction to the next target (to the current one when
    /// \a nextTarget is false), with credentials for every challenge answered for its host.
    void startTransaction(bool nextTarget = true);
    /// After a 401 or 407: sends the request again with credentials for the strongest
    /// challenge (new branch, CSeq one up, §22.2) unless a CANCEL was asked for, there are no
    /// credentials for its realm, or this client answered that realm already and the nonce
    /// is not stale (wrong credentials); false when the response is the delegate's.
    bool authenticate(const Response &response);
    /// Credentials::identityOf our From, worked out when credentials are first looked for (most
    /// requests never need it).
    const std::string &identity();
    /// After a failure of the current target: sends to the next, if there is one and no
    /// CANCEL was asked for; false when the failure is the delegate's.
    bool failOver(std::string_view why);

    TransactionKind m_kind;
    Request m_request;                ///< as given, without our Via
    bool m_transportRequired = false; ///< the URI names the protocol (NextHop::required)
    std::string m_hopHost;            ///< the next hop's host (Route or Request-URI)
    std::string m_identity;           ///< see identity()
    std::vector<ServerTarget> m_targets;
    std::size_t m_nextTarget = 0;
    std::shared_ptr<bool> m_alive;             ///< false once disposed, for the locator's answer
    std::vector<std::string> m_answeredRealms; ///< realms this client sent credentials for
    int m_authenticationAttempts = 0;

    std::optional<Request> m_cancelRequest;
    bool m_cancelSent = false;
    std::shared_ptr<CancelUserAgentClient> m_cancelClient;
    /// Gives the INVITE up 64*T1 after its CANCEL; before that, fails a request that has no
    /// transport for its protocol (m_missingProtocol).
    std::unique_ptr<Timer> m_cancelGuard;
    std::string m_missingProtocol;
};

} // namespace sipcore
