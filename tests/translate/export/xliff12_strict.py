"""The parts of the XLIFF 1.2 *strict* schema (xliff-core-1.2-strict.xsd) that tolka writes, for validating exports.

Transcribed from the OASIS XLIFF 1.2 specification (no network in tests, so the
schema cannot be fetched): the elements tolka writes with their content models in the
specification's order, every attribute tolka sets with the value lists of the strict
schema (``datatype``, ``restype``, ``state``, ``mtype``, ``translate``/``approved``,
``priority``), and no deprecated items (strict drops them).  Elements tolka never writes
are left out, so a document using them is not judged here.  ``xml:lang``/``xml:space``
are allowed wherever the specification allows them, without importing ``xml.xsd``.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xlf="urn:oasis:names:tc:xliff:document:1.2"
           targetNamespace="urn:oasis:names:tc:xliff:document:1.2" elementFormDefault="qualified">

  <xs:simpleType name="XTend"><xs:restriction base="xs:string"><xs:pattern value="x-[^\\s]+"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="yesno"><xs:restriction base="xs:NMTOKEN">
    <xs:enumeration value="yes"/><xs:enumeration value="no"/></xs:restriction></xs:simpleType>

  <xs:simpleType name="datatypeList"><xs:restriction base="xs:NMTOKEN">
    <xs:enumeration value="asp"/><xs:enumeration value="c"/><xs:enumeration value="cdf"/><xs:enumeration value="cfm"/>
    <xs:enumeration value="cpp"/><xs:enumeration value="csharp"/><xs:enumeration value="cstring"/><xs:enumeration value="csv"/>
    <xs:enumeration value="database"/><xs:enumeration value="documentfooter"/><xs:enumeration value="documentheader"/>
    <xs:enumeration value="filedialog"/><xs:enumeration value="form"/><xs:enumeration value="html"/>
    <xs:enumeration value="htmlbody"/><xs:enumeration value="ini"/><xs:enumeration value="interleaf"/>
    <xs:enumeration value="javaclass"/><xs:enumeration value="javapropertyresourcebundle"/>
    <xs:enumeration value="javalistresourcebundle"/><xs:enumeration value="javascript"/><xs:enumeration value="jscript"/>
    <xs:enumeration value="layout"/><xs:enumeration value="lisp"/><xs:enumeration value="margin"/>
    <xs:enumeration value="menufile"/><xs:enumeration value="messagefile"/><xs:enumeration value="mif"/>
    <xs:enumeration value="mimetype"/><xs:enumeration value="mo"/><xs:enumeration value="msglib"/>
    <xs:enumeration value="pagefooter"/><xs:enumeration value="pageheader"/><xs:enumeration value="parameters"/>
    <xs:enumeration value="pascal"/><xs:enumeration value="php"/><xs:enumeration value="plaintext"/>
    <xs:enumeration value="po"/><xs:enumeration value="report"/><xs:enumeration value="resources"/>
    <xs:enumeration value="resx"/><xs:enumeration value="rtf"/><xs:enumeration value="sgml"/>
    <xs:enumeration value="sgmldtd"/><xs:enumeration value="svg"/><xs:enumeration value="vbscript"/>
    <xs:enumeration value="warning"/><xs:enumeration value="winres"/><xs:enumeration value="xhtml"/>
    <xs:enumeration value="xml"/><xs:enumeration value="xmldtd"/><xs:enumeration value="xsl"/><xs:enumeration value="xul"/>
  </xs:restriction></xs:simpleType>
  <xs:simpleType name="datatype"><xs:union memberTypes="xlf:datatypeList xlf:XTend"/></xs:simpleType>

  <!-- restype: tolka writes x-paragraph; the listed values are irrelevant to it, the x- form is what strict allows -->
  <xs:simpleType name="restype"><xs:union memberTypes="xlf:XTend"/></xs:simpleType>

  <xs:simpleType name="stateList"><xs:restriction base="xs:NMTOKEN">
    <xs:enumeration value="final"/><xs:enumeration value="needs-adaptation"/><xs:enumeration value="needs-l10n"/>
    <xs:enumeration value="needs-review-adaptation"/><xs:enumeration value="needs-review-l10n"/>
    <xs:enumeration value="needs-review-translation"/><xs:enumeration value="needs-translation"/>
    <xs:enumeration value="new"/><xs:enumeration value="signed-off"/><xs:enumeration value="translated"/>
  </xs:restriction></xs:simpleType>
  <xs:simpleType name="state"><xs:union memberTypes="xlf:stateList xlf:XTend"/></xs:simpleType>

  <xs:simpleType name="mtypeList"><xs:restriction base="xs:NMTOKEN">
    <xs:enumeration value="abbrev"/><xs:enumeration value="abbreviated-form"/><xs:enumeration value="abbreviation"/>
    <xs:enumeration value="acronym"/><xs:enumeration value="appellation"/><xs:enumeration value="collocation"/>
    <xs:enumeration value="common-name"/><xs:enumeration value="datetime"/><xs:enumeration value="equation"/>
    <xs:enumeration value="expanded-form"/><xs:enumeration value="formula"/><xs:enumeration value="head-term"/>
    <xs:enumeration value="initialism"/><xs:enumeration value="international-scientific-term"/>
    <xs:enumeration value="internationalism"/><xs:enumeration value="logical-expression"/>
    <xs:enumeration value="materials-management-unit"/><xs:enumeration value="name"/><xs:enumeration value="near-synonym"/>
    <xs:enumeration value="part-number"/><xs:enumeration value="phrase"/><xs:enumeration value="phraseological-unit"/>
    <xs:enumeration value="protected"/><xs:enumeration value="romanized-form"/><xs:enumeration value="seg"/>
    <xs:enumeration value="set-phrase"/><xs:enumeration value="short-form"/><xs:enumeration value="sku"/>
    <xs:enumeration value="standard-text"/><xs:enumeration value="symbol"/><xs:enumeration value="synonym"/>
    <xs:enumeration value="synonymous-phrase"/><xs:enumeration value="term"/><xs:enumeration value="transcribed-form"/>
    <xs:enumeration value="transliterated-form"/><xs:enumeration value="truncated-term"/><xs:enumeration value="variant"/>
  </xs:restriction></xs:simpleType>
  <xs:simpleType name="mtype"><xs:union memberTypes="xlf:mtypeList xlf:XTend"/></xs:simpleType>

  <xs:simpleType name="priority"><xs:restriction base="xs:positiveInteger">
    <xs:minInclusive value="1"/><xs:maxInclusive value="10"/></xs:restriction></xs:simpleType>

  <xs:attributeGroup name="xmlAttrs"><xs:anyAttribute namespace="http://www.w3.org/XML/1998/namespace" processContents="skip"/></xs:attributeGroup>

  <xs:element name="xliff"><xs:complexType>
    <xs:sequence><xs:element ref="xlf:file" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="version" type="xs:string" use="required" fixed="1.2"/>
    <xs:attributeGroup ref="xlf:xmlAttrs"/>
  </xs:complexType></xs:element>

  <xs:element name="file"><xs:complexType>
    <xs:sequence><xs:element ref="xlf:header" minOccurs="0"/><xs:element ref="xlf:body"/></xs:sequence>
    <xs:attribute name="original" type="xs:string" use="required"/>
    <xs:attribute name="source-language" type="xs:language" use="required"/>
    <xs:attribute name="target-language" type="xs:language"/>
    <xs:attribute name="datatype" type="xlf:datatype" use="required"/>
    <xs:attribute name="tool-id" type="xs:string"/>
    <xs:attribute name="date" type="xs:dateTime"/>
    <xs:attributeGroup ref="xlf:xmlAttrs"/>
  </xs:complexType></xs:element>

  <xs:element name="header"><xs:complexType>
    <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element ref="xlf:note"/><xs:element ref="xlf:tool"/></xs:choice>
  </xs:complexType></xs:element>

  <xs:element name="tool"><xs:complexType mixed="true">
    <xs:attribute name="tool-id" type="xs:string" use="required"/>
    <xs:attribute name="tool-name" type="xs:string" use="required"/>
    <xs:attribute name="tool-version" type="xs:string"/>
    <xs:attribute name="tool-company" type="xs:string"/>
  </xs:complexType></xs:element>

  <xs:element name="note"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="from" type="xs:string"/>
    <xs:attribute name="priority" type="xlf:priority" default="1"/>
    <xs:attribute name="annotates"><xs:simpleType><xs:restriction base="xs:NMTOKEN">
      <xs:enumeration value="source"/><xs:enumeration value="target"/><xs:enumeration value="general"/>
    </xs:restriction></xs:simpleType></xs:attribute>
    <xs:attributeGroup ref="xlf:xmlAttrs"/>
  </xs:extension></xs:simpleContent></xs:complexType></xs:element>

  <xs:element name="body"><xs:complexType>
    <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element ref="xlf:group"/><xs:element ref="xlf:trans-unit"/></xs:choice>
  </xs:complexType></xs:element>

  <xs:element name="group"><xs:complexType>
    <xs:sequence>
      <xs:element ref="xlf:note" minOccurs="0" maxOccurs="unbounded"/>
      <xs:choice maxOccurs="unbounded"><xs:element ref="xlf:group"/><xs:element ref="xlf:trans-unit"/></xs:choice>
    </xs:sequence>
    <xs:attribute name="id" type="xs:string"/>
    <xs:attribute name="restype" type="xlf:restype"/>
    <xs:attribute name="resname" type="xs:string"/>
    <xs:attribute name="translate" type="xlf:yesno" default="yes"/>
    <xs:attributeGroup ref="xlf:xmlAttrs"/>
  </xs:complexType></xs:element>

  <xs:element name="trans-unit"><xs:complexType>
    <xs:sequence>
      <xs:element ref="xlf:source"/>
      <xs:element ref="xlf:target" minOccurs="0"/>
      <xs:element ref="xlf:note" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="id" type="xs:string" use="required"/>
    <xs:attribute name="approved" type="xlf:yesno"/>
    <xs:attribute name="translate" type="xlf:yesno" default="yes"/>
    <xs:attribute name="restype" type="xlf:restype"/>
    <xs:attribute name="resname" type="xs:string"/>
    <xs:attributeGroup ref="xlf:xmlAttrs"/>
  </xs:complexType></xs:element>

  <xs:complexType name="inline" mixed="true">
    <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element ref="xlf:mrk"/></xs:choice>
  </xs:complexType>

  <xs:element name="source"><xs:complexType mixed="true"><xs:complexContent><xs:extension base="xlf:inline">
    <xs:attributeGroup ref="xlf:xmlAttrs"/>
  </xs:extension></xs:complexContent></xs:complexType></xs:element>

  <xs:element name="target"><xs:complexType mixed="true"><xs:complexContent><xs:extension base="xlf:inline">
    <xs:attribute name="state" type="xlf:state"/>
    <xs:attribute name="state-qualifier" type="xs:string"/>
    <xs:attributeGroup ref="xlf:xmlAttrs"/>
  </xs:extension></xs:complexContent></xs:complexType></xs:element>

  <xs:element name="mrk"><xs:complexType mixed="true"><xs:complexContent><xs:extension base="xlf:inline">
    <xs:attribute name="mtype" type="xlf:mtype" use="required"/>
    <xs:attribute name="mid" type="xs:NMTOKEN"/>
    <xs:attribute name="comment" type="xs:string"/>
  </xs:extension></xs:complexContent></xs:complexType></xs:element>
</xs:schema>
"""


@cache
def schema() -> etree.XMLSchema:
    """The transcribed strict-schema subset, compiled."""
    return etree.XMLSchema(etree.fromstring(_XSD.encode("utf-8")))
