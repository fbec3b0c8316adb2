"""Digitally signed evidence PDFs for tests: a school letter signed with pyHanko by a
certificate issued here, the way a school's e-signature (USB token or remote signing)
signs the PDF it uploads.

Each call makes its own certificate authority, so a test can configure it as the trust
root, or configure a different one and see the signer not trusted.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from corpus.render import decree30_header, render_pdf_bytes
from validator.models import Paragraph

KEY_BITS = 2048
VALID_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
VALID_TO = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)
BODY = [
    "Thực hiện Kế hoạch cải cách hành chính năm 2023 của trường, trong quý II trường đã "
    "tổ chức 02 buổi tập huấn quy tắc ứng xử cho 45 giáo viên, đạt 100% kế hoạch.",
    "Nội dung tập huấn gồm quy tắc ứng xử trong trường học, văn hóa công sở và tiếp nhận, "
    "giải quyết ý kiến của cha mẹ học sinh.",
    "Kết quả: 45/45 giáo viên tham dự đủ hai buổi; 100% giáo viên ký cam kết thực hiện.",
    "Trường báo cáo Phòng Giáo dục và Đào tạo để theo dõi./.",
]
SIGNATURE_GAP_LINES = 4  # empty lines between the title and the name, where ink would go


@dataclass(frozen=True)
class Authority:
    """A certificate authority: its key and self-signed certificate."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def write_pem(self, path: Path) -> Path:
        """The root certificate as a trust-roots file (``CCHC_TRUST_ROOTS``)."""
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return path


def new_authority(name: str = "CA thử nghiệm cchc") -> Authority:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        _builder(subject, subject, key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, cert)


def sign_letter(
    path: Path,
    authority: Authority,
    signer_name: str,
    organisation: str | None,
    school: str = "TRƯỜNG THCS NGUYỄN VĂN A",
    principal: str = "Nguyễn Thị Bích",
) -> Path:
    """Write a school's one-page report, signed by a certificate for ``signer_name`` (of
    ``organisation``) issued by ``authority``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, signer_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    cert = (
        _builder(x509.Name(attributes), authority.cert.subject, key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .sign(authority.key, hashes.SHA256())
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(authority.cert)]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(_letter(school, principal)))
    meta = signers.PdfSignatureMetadata(field_name="Signature1")
    out = signers.sign_pdf(writer, meta, signer=signer)
    path.write_bytes(out.getvalue())
    return path


def edit_after_signing(path: Path) -> Path:
    """Add a line of text to page 1 in an incremental update, as an editor would after the
    file was signed: the signature stays intact over its own bytes, the file is changed."""
    with path.open("rb") as fh:
        writer = IncrementalPdfFileWriter(io.BytesIO(fh.read()))
    stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 100 100 Td (Sua) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _letter(school: str, principal: str) -> bytes:
    header = decree30_header(
        "ỦY BAN NHÂN DÂN QUẬN 7", school, "Số: 12/BC-THCSNVA", "Quận 7, ngày 20 tháng 6 năm 2023"
    )
    body = [
        Paragraph(text="BÁO CÁO", bold=True, align="center"),
        Paragraph(text="Kết quả tập huấn quy tắc ứng xử cho giáo viên", bold=True, align="center"),
        *[Paragraph(text=line) for line in BODY],
        Paragraph(text="HIỆU TRƯỞNG", bold=True, align="right"),
        *[Paragraph(text="\u00a0") for _ in range(SIGNATURE_GAP_LINES)],
        Paragraph(text=principal, bold=True, align="right"),
    ]
    return render_pdf_bytes(body, header, page_numbers=False)


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: rsa.RSAPublicKey
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_TO)
    )


def _key_usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
