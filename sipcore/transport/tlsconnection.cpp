#include "sipcore/transport/tlsconnection.h"

#include "sipcore/transport/transporterror.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace sipcore {

namespace asio = boost::asio;

TlsConnection::TlsConnection(asio::ip::tcp::socket socket,
                             asio::ssl::context &context,
                             std::string serverName,
                             Endpoint remote,
                             std::unique_ptr<Timer> idleTimer,
                             Duration idleTimeout,
                             Callbacks callbacks,
                             Logger logger)
    : StreamConnection("tls",
                       std::move(remote),
                       std::move(idleTimer),
                       idleTimeout,
                       std::move(callbacks),
                       std::move(logger))
    , m_stream(std::move(socket), context)
    , m_serverName(std::move(serverName))
{}

TlsConnection::~TlsConnection()
{
    detach();
}

void TlsConnection::open(bool client, OpenHandler done)
{
    if (client) {
        boost::system::error_code notAnAddress;
        asio::ip::make_address(m_serverName, notAnAddress);
        // RFC 6066 §3: SNI carries host names only, never IP literals.
        if (notAnAddress)
            SSL_ctrl(m_stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                     TLSEXT_NAMETYPE_host_name, const_cast<char *>(m_serverName.c_str()));
        m_stream.set_verify_mode(asio::ssl::verify_peer);
        m_stream.set_verify_callback(asio::ssl::host_name_verification(m_serverName));
    }
    const auto type = client ? asio::ssl::stream_base::client : asio::ssl::stream_base::server;
    m_stream.async_handshake(type, [this, self = shared_from_this(), client,
                                    done = std::move(done)](const boost::system::error_code &ec) {
        if (!ec) {
            done({});
            return;
        }
        const long verify = SSL_get_verify_result(m_stream.native_handle());
        const bool rejected = client && verify != X509_V_OK;
        logger().warning(name() + " TLS handshake failed: "
                         + (rejected ? std::string("certificate of ") + m_serverName + " rejected: "
                                               + X509_verify_cert_error_string(verify)
                                     : ec.message()));
        done(rejected ? TransportError::CertificateRejected : TransportError::TlsFailed);
    });
}

void TlsConnection::readSome(asio::mutable_buffer buffer, IoHandler handler)
{
    m_stream.async_read_some(buffer, std::move(handler));
}

void TlsConnection::write(asio::const_buffer buffer, IoHandler handler)
{
    asio::async_write(m_stream, buffer, std::move(handler));
}

} // namespace sipcore
