#!/usr/bin/env python3
"""Writes tests/fixtures/changes/<change>.yaml: base.yaml with one change each. Run from the
repository root; the files are checked in, this script is how they were made."""
import copy, sys, yaml

base = yaml.safe_load(open("tests/fixtures/changes/base.yaml"))
S = lambda d: d["components"]["schemas"]
changes = {}

def change(name):
    def wrap(f):
        doc = copy.deepcopy(base)
        f(doc)
        changes[name] = doc
    return wrap

@change("type_added")
def _(d): S(d)["Toy"] = {"type": "object", "properties": {"name": {"type": "string"}}}
@change("type_removed")
def _(d): del S(d)["Owner"]
@change("type_renamed")
def _(d):
    S(d)["ApiProblem"] = S(d).pop("Problem")
    d["paths"]["/pets"]["post"]["responses"]["default"]["content"]["application/json"]["schema"]["$ref"] = "#/components/schemas/ApiProblem"
@change("optional_field_added")
def _(d): S(d)["NewPet"]["properties"]["age"] = {"type": "integer", "format": "int32"}
@change("required_field_added")
def _(d):
    S(d)["NewPet"]["properties"]["age"] = {"type": "integer", "format": "int32"}
    S(d)["NewPet"]["required"].append("age")
@change("field_removed")
def _(d): del S(d)["Pet"]["properties"]["tag"]
@change("field_made_required")
def _(d): S(d)["Pet"]["required"].append("tag")
@change("field_type_changed")
def _(d): S(d)["Pet"]["properties"]["id"] = {"type": "string"}
@change("enum_value_added")
def _(d): S(d)["Status"]["enum"].append("pending")
@change("enum_value_removed")
def _(d): S(d)["Status"]["enum"].remove("sold")
@change("operation_added")
def _(d):
    d["paths"]["/pets/{petId}"]["put"] = {
        "operationId": "updatePet", "tags": ["pets"],
        "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}},
        "responses": {"200": {"description": "Updated.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
    }
@change("operation_removed")
def _(d): del d["paths"]["/pets/{petId}"]["delete"]
@change("query_parameter_added")
def _(d): d["paths"]["/pets"]["get"]["parameters"].append({"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int32"}})
@change("response_type_changed")
def _(d): d["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] = "#/components/schemas/NewPet"
@change("error_response_added")
def _(d): d["paths"]["/pets/{petId}"]["get"]["responses"]["404"] = {"description": "Not found.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
@change("second_error_body_added")
def _(d):
    S(d)["Conflict"] = {"type": "object", "properties": {"existing": {"type": "integer", "format": "int64"}}}
    responses = d["paths"]["/pets"]["post"]["responses"]
    default = responses.pop("default")
    responses["409"] = {"description": "A pet of that name exists.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Conflict"}}}}
    responses["default"] = default
@change("first_optional_parameter_added")
def _(d): d["paths"]["/pets/{petId}"]["get"]["parameters"].append({"name": "fields", "in": "query", "schema": {"type": "string"}})
@change("required_parameter_added")
def _(d): d["paths"]["/pets/{petId}"]["get"]["parameters"].append({"name": "owner", "in": "query", "required": True, "schema": {"type": "string"}})
@change("parameter_made_required")
def _(d): d["paths"]["/pets"]["get"]["parameters"][0]["required"] = True
@change("success_status_added")
def _(d):
    responses = d["paths"]["/pets"]["post"]["responses"]
    d["paths"]["/pets"]["post"]["responses"] = {"200": {"description": "Already there.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}, **responses}
@change("success_status_added_other_body")
def _(d):
    responses = d["paths"]["/pets"]["post"]["responses"]
    default = responses.pop("default")
    responses["202"] = {"description": "Accepted; the pet is created later.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    responses["default"] = default
@change("server_added")
def _(d): d["servers"].append({"url": "https://sandbox.example.com/v1", "description": "Sandbox"})
@change("operation_deprecated")
def _(d): d["paths"]["/pets/{petId}"]["get"]["deprecated"] = True
@change("description_changed")
def _(d): d["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["description"] = "The pet, if it exists."
@change("version_bumped")
def _(d): d["info"]["version"] = "1.1.0"

for name, doc in changes.items():
    with open(f"tests/fixtures/changes/{name}.yaml", "w") as f:
        f.write(f"# base.yaml with one change: {name.replace('_', ' ')}\n")
        yaml.safe_dump(doc, f, sort_keys=False)
print(len(changes), "changes written", file=sys.stderr)
