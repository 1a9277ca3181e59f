"""What every operation may answer besides its success, written into the OpenAPI
schema once (a drf-spectacular postprocessing hook) instead of on each endpoint:
the refusals the description promises, each with its body."""

ERROR_BODY = {
    "type": "object",
    "description": "`detail` for a refusal; otherwise a message list per parameter "
    "or field (`non_field_errors` for the request as a whole).",
    "additionalProperties": True,
}
REFUSALS = {
    "400": "A parameter or body is not valid: the messages say which and why.",
    "401": "No key, or a revoked, expired or unknown key.",
    "403": "The key lacks this endpoint's scope.",
    "404": "Not found in the key's agency.",
    "429": "Past the key's rate limit; Retry-After says when to try again.",
}


def add_refusals(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_BODY}},
                    },
                )
    return result
